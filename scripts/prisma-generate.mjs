// Generates the Prisma client without the network. Every Prisma CLI command first tries to download
// its native schema engine, which this machine cannot reach; `generate` never runs that engine, so
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file is enough (see README, "Prisma offline").
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
