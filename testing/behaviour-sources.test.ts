// Acceptance 4 of issue 18: every local-cloud behaviour the portal relies on has a cited source or an explicit
// "unverified, strict" note. The behaviours are the rows of emulator/README.md's table (testing/behaviour-sources.ts
// says what counts as a source); the contract suite's cases may only name rows that are there.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACT_CASES } from "./contract/graph-contract";
import { behaviourRows, hasSource, rowsWithoutSource } from "./behaviour-sources";

const readme = readFileSync(new URL("../emulator/README.md", import.meta.url), "utf8");
const rows = behaviourRows(readme);

describe("the local cloud's behaviour table (emulator/README.md)", () => {
  it("lists no behaviour without a cited source or an 'unverified, strict' note", () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rowsWithoutSource(rows)).toEqual([]);
  });

  it("names each behaviour once", () => {
    const ids = rows.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("has a row for every behaviour the contract suite checks", () => {
    const known = new Set(rows.map((r) => r.id));
    const missing = CONTRACT_CASES.flatMap((c) => c.covers.filter((id) => !known.has(id)).map((id) => `${id} (${c.title})`));
    expect(missing).toEqual([]);
  });

  it("has the behaviours issue 18 held to Microsoft", () => {
    const ids = rows.map((r) => r.id);
    for (const id of [
      "ca-read-permission",
      "external-tenants-type",
      "applications-1011",
      "unknown-objects",
      "generic-message-1032",
      "no-p1-403",
      "gdap-refused-50020",
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe("what counts as a source", () => {
  it.each([
    ["learn.microsoft.com/graph/api/conditionalaccesspolicy-get", true],
    ["hashicorp/terraform-provider-azuread#1555", true],
    ["docs/graph-contract.md §5.3 [O]", true],
    ["docs/graph-contract.md §3.2 and §4.8 [V]", true],
    ["unverified, strict: Microsoft documents nothing", true],
    ["docs/graph-contract.md §5.3 [E]", false],
    ["the emulator's own choice", false],
    ["Graph does this", false],
    ["", false],
  ])("%j -> %s", (source, cited) => {
    expect(hasSource(source)).toBe(cited);
  });

  it("lists a row without one", () => {
    const table = [
      "## Behaviour the portal relies on",
      "",
      "| id | behaviour | source |",
      "|---|---|---|",
      "| `a` | cited | learn.microsoft.com/graph/errors |",
      "| `b` | invented | the emulator decided [E] |",
      "",
      "## Next",
      "| `c` | outside the section | nothing |",
    ].join("\n");
    expect(rowsWithoutSource(behaviourRows(table))).toEqual(["b: invented"]);
  });
});
