// The contract suite (testing/contract/graph-contract.ts) against the local cloud, inside `npm test`: the same
// assertions `npm run contract -- --live` makes against a real test tenant.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { CONTRACT_CASES, CONTRACT_POLICY_PREFIX, setUpContract, tearDownContract, type ContractContext } from "./graph-contract";
import { localCloudTarget } from "./local-cloud-target";

const TIME_SCALE = 0.1;
let em: RunningEmulator;
let ctx: ContractContext;
let certDir: string;
let since = 0;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), "contract-certs-"));
  // The default CA burst of 1: the local cloud throttles as Graph documents (1 request per second per tenant, scaled).
  em = await startEmulator({ port: 0, browserPort: 0, tenants: 20, seed: 5, timeScale: TIME_SCALE, certDir });
  const target = await localCloudTarget(em, TIME_SCALE);
  since = em.log.lastSeq();
  ctx = await setUpContract(target);
});

afterAll(async () => {
  await em?.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe("the contract suite against the local cloud", () => {
  for (const c of CONTRACT_CASES) {
    it(`${c.title} [${c.covers.join(", ")}]`, () => c.run(ctx));
  }

  it("deletes the policies it created, and wrote to nothing else", async () => {
    expect(await tearDownContract(ctx)).toEqual([]);
    const policies = em.fleet.content(em.fleet.tenantById(ctx.target.tenantId)!).policies;
    expect([...policies.values()].filter((p) => String(p.displayName).startsWith(CONTRACT_POLICY_PREFIX))).toEqual([]);
    const writes = em.log.list({ sinceSeq: since }).filter((e) => e.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      const own = ctx.own.some((id) => w.path === `/identity/conditionalAccess/policies/${id}`);
      expect(own || (w.method === "POST" && w.path === "/identity/conditionalAccess/policies"), `${w.method} ${w.path}`).toBe(true);
    }
  });
});
