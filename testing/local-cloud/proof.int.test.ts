// Proof of access against the local cloud, through the real msal-node and graph-client on a real
// Postgres: Graph's What If for every scenario (app-only, as the portal reaches a tenant its GDAP
// sign-in is blocked in), the verdict in words, the stored proof, and the pace: evaluate requests are
// Conditional Access requests, never more than one a second per tenant (issue 16, acceptance 4).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { trustingDispatcher } from "@/emulator/testing/clients";
import { DEFAULT_SCENARIOS } from "@/lib/ca";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { GraphSettings } from "@/lib/graph/settings";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { latestProof, loadScenarios, proveTenant } from "@/lib/proof";
import { freshDatabase, type TestDatabase } from "../database";
import { localCloudSettings } from "../local-cloud-settings";

const TIME_SCALE = 1;
let em: RunningEmulator;
let database: TestDatabase;
let prisma: PrismaClient;
let settings: GraphSettings;
let certDir: string;

interface Customer {
  tenantId: string;
  displayName: string;
  scenario: string;
}
let customers: Customer[];
const customer = (scenario: string) => {
  const found = customers.find((c) => c.scenario === scenario);
  if (!found) throw new Error(`no ${scenario} tenant`);
  return found;
};

async function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const dispatcher = await trustingDispatcher(em.ca);
  const res = await fetch(`${em.url}${path}`, {
    method: init.method ?? "GET",
    headers: init.body ? { "content-type": "application/json" } : {},
    body: init.body ? JSON.stringify(init.body) : undefined,
    dispatcher,
  } as RequestInit);
  expect(res.ok).toBe(true);
  return res.status === 204 ? null : res.json();
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), "proof-int-certs-"));
  [em, database] = await Promise.all([
    startEmulator({ port: 0, browserPort: 0, tenants: 20, seed: 1, timeScale: TIME_SCALE, certDir, portalOrigins: [] }),
    freshDatabase(),
  ]);
  prisma = createPrismaClient(database.url);
  customers = (em.fleet.describe() as unknown as { customers: Customer[] }).customers;
  settings = await localCloudSettings(em, prisma, { portalUrl: "http://127.0.0.1:3998", timeScale: TIME_SCALE });
  for (const c of customers) await prisma.customerTenant.create({ data: { id: c.tenantId, displayName: c.displayName, gdapRoles: [] } });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await em?.close();
  await database?.drop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe("proof of access", () => {
  it("starts with the documented default scenarios", async () => {
    expect((await loadScenarios(prisma)).map((s) => s.key)).toEqual(DEFAULT_SCENARIOS.map((s) => s.key));
  });

  it("a tenant blocked by Conditional Access: blocked by its policy, with the grant that blocks; after the exclusion, gets in", async () => {
    const { tenantId } = customer("blocked-by-ca");
    const graph = await tenantGraph(tenantId, { settings, prefer: "app-only" });
    const scenarios = await loadScenarios(prisma);
    const partnerTenantId = em.fleet.partner.id;
    const since = new Date().toISOString();
    const before = await proveTenant({ prisma, graph, tenantId, partnerTenantId, scenarios, kind: "live", checkedByUpn: "admin@x" });
    expect(before.error).toBeNull();
    expect(before.result.scenarios.map((s) => s.verdict.words)).toEqual(
      scenarios.map(
        () => "blocked by Require compliant device for all users (requires a compliant device (the device is not registered in the customer tenant))",
      ),
    );
    expect(before.headline).toMatch(/^proven: blocked by Require compliant device for all users/);
    expect(before.result.labels.find((l) => l.displayName === "Require compliant device for all users")?.words).toBe("blocks the MSP");
    expect((await latestProof(prisma, tenantId))?.id).toBe(before.id);

    // The customer's admin excludes the MSP's service providers (as the portal's fix would).
    const blocking = before.result.scenarios[0]!.verdict.blockedBy[0]!.policyId;
    await control(`/_emulator/tenants/${tenantId}/policies/${blocking}`, {
      method: "PATCH",
      body: {
        conditions: {
          users: {
            excludeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: "serviceProvider",
              externalTenants: {
                "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                membershipKind: "enumerated",
                members: [partnerTenantId],
              },
            },
          },
        },
      },
    });
    const after = await proveTenant({ prisma, graph, tenantId, partnerTenantId, scenarios, kind: "after-run" });
    expect(after.headline).toBe("proven: gets in");

    // Every evaluate is in the request log, and the tenant never saw more than one CA request a second.
    const log = (await control(`/_emulator/requests?tenant=${tenantId}&pathPrefix=/identity/conditionalAccess&since=${since}`)) as {
      value: { method: string; path: string; timestamp: string; status: number }[];
    };
    const evaluates = log.value.filter((r) => r.method === "POST" && r.path === "/identity/conditionalAccess/evaluate");
    expect(evaluates).toHaveLength(scenarios.length * 2);
    expect(log.value.every((r) => r.status < 400)).toBe(true);
    const times = log.value.map((r) => Date.parse(r.timestamp)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  }, 60_000);
});
