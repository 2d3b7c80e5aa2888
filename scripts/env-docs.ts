// `npm run docs:env`: writes README.md's table of environment variables from the config schema.
import { readFileSync, writeFileSync } from "node:fs";
import { withEnvTable } from "../lib/config-docs";

const before = readFileSync("README.md", "utf8");
const after = withEnvTable(before);
writeFileSync("README.md", after);
console.log(before === after ? "README.md: the table of environment variables is up to date" : "README.md: table of environment variables rewritten");
