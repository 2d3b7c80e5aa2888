// The import boundaries (eslint.boundaries.mjs) bite: each rule refuses a deliberately wrong import,
// allows the right one, and the repository as it is has no boundary error. `npm test`'s lint step
// enforces them on every file; this test shows that the rules are real.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "../eslint.boundaries.mjs";

const BOUNDARY_RULES = new Set(["import/no-restricted-paths", "@typescript-eslint/no-restricted-imports"]);
const eslint = new ESLint({ cwd: process.cwd(), ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId) });

/** The boundary messages ESLint reports for `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

// ESLint loads its whole configuration (typescript-eslint, Next.js rules) on the first lint: seconds
// on a busy machine, so these tests get more than the default 5 s.
describe("import boundaries", { timeout: 60_000 }, () => {
  it("refuses an import from lib/ into emulator/, by alias or by relative path", async () => {
    for (const specifier of ["@/emulator/main", "../../emulator/main"]) {
      const errors = await boundaryErrors(
        "lib/graph/deliberately-wrong.ts",
        `import { startEmulator } from "${specifier}";\nexport const s = startEmulator;\n`,
      );
      expect(errors.join("\n")).toContain(MESSAGES.lib);
    }
    // A lib/ test may use test helpers, but never the local cloud itself.
    expect((await boundaryErrors("lib/graph/wrong.test.ts", `import "@/emulator/main";\n`)).join("\n")).toContain(MESSAGES.libTests);
    expect(await boundaryErrors("lib/graph/right.test.ts", `import "@/testing/database";\n`)).toEqual([]);
    expect(await boundaryErrors("lib/graph/right.ts", `import "../db/client";\n`)).toEqual([]);
  });

  it("refuses lib/ importing test helpers, launch tooling, app/ or components/", async () => {
    for (const specifier of ["@/testing/database", "@/dev/embedded-postgres", "@/app/tenants/actions", "@/components/fix/ChangeDialog"]) {
      expect((await boundaryErrors("lib/remediation/wrong.ts", `import "${specifier}";\n`)).join("\n")).toContain(MESSAGES.lib);
    }
  });

  it("refuses emulator/ importing lib/, and lets it import itself", async () => {
    expect((await boundaryErrors("emulator/graph/wrong.ts", `import "@/lib/graph/pacer";\n`)).join("\n")).toContain(MESSAGES.emulator);
    expect((await boundaryErrors("emulator/graph/wrong.ts", `import "../../lib/graph/pacer";\n`)).join("\n")).toContain(MESSAGES.emulator);
    expect(await boundaryErrors("emulator/graph/right.ts", `import "../testing/clients";\nimport "./throttle";\n`)).toEqual([]);
  });

  it("keeps lib/ca pure: only lib/ca itself", async () => {
    expect((await boundaryErrors("lib/ca/wrong.ts", `import "../graph/pacer";\n`)).join("\n")).toContain(MESSAGES.ca);
    expect((await boundaryErrors("lib/ca/wrong.ts", `import { z } from "zod";\nexport const s = z;\n`)).join("\n")).toContain(MESSAGES.ca);
    expect(await boundaryErrors("lib/ca/right.ts", `import "./read-policy";\n`)).toEqual([]);
  });

  it("lets components/ take types from lib/, not values", async () => {
    expect((await boundaryErrors("components/fix/Wrong.tsx", `import { db } from "@/lib/db/client";\nexport const d = db;\n`)).join("\n")).toContain(
      MESSAGES.components,
    );
    expect(await boundaryErrors("components/fix/Right.tsx", `import type { RunView } from "@/lib/db/queries/runs";\nexport type R = RunView;\n`)).toEqual([]);
  });

  it("holds on the repository as it is: no boundary error, and no file under lib/ names emulator/", async () => {
    const results = await eslint.lintFiles(["lib", "emulator", "components"]);
    const errors = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(errors).toEqual([]);
    const libFiles = (readdirSync("lib", { recursive: true }) as string[]).filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes("generated"));
    const naming = libFiles.filter((f) => /from\s+["'](@\/|(\.\.\/)+)emulator\//.test(readFileSync(join("lib", f), "utf8")));
    expect(naming).toEqual([]);
  }, 120_000);
});
