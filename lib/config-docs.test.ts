import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "./config";
import { ENV_DOCS, ENV_TABLE_END, ENV_TABLE_START, envTable, withEnvTable } from "./config-docs";

describe("README's table of environment variables", () => {
  it("is the one the config schema makes (run `npm run docs:env` after changing lib/config.ts)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(`${ENV_TABLE_START}\n${envTable()}\n${ENV_TABLE_END}`);
    expect(withEnvTable(readme)).toBe(readme);
  });

  it("lists every variable the schema reads, each once, with the schema's default", () => {
    const table = envTable();
    for (const name of Object.keys(envSchema.shape)) expect(table.split("\n").filter((l) => l.startsWith(`| \`${name}\` |`))).toHaveLength(1);
    expect(Object.keys(ENV_DOCS).sort()).toEqual(Object.keys(envSchema.shape).sort());
    expect(table).toContain("| `PORT` | `3000` |");
    expect(table).toContain("| `WORKER_CONCURRENCY` | `300` |");
    expect(table).toContain("| `DATABASE_URL` | unset: the embedded Postgres |");
  });

  it("is rewritten when the schema gains a variable the README does not list yet", () => {
    const stale = `${ENV_TABLE_START}\n| variable | default | meaning |\n|---|---|---|\n| \`PORT\` | \`3000\` | the portal's HTTP port |\n${ENV_TABLE_END}`;
    expect(withEnvTable(stale)).not.toBe(stale);
    expect(withEnvTable(stale)).toContain("| `TRUSTED_PROXY_HOPS` | `0` |");
  });
});
