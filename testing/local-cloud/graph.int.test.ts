// lib/graph against the local Microsoft cloud, through the REAL msal-node and graph-client, on a real
// Postgres: connect the partner's automation account (sign-in page), then reach customers by
// scenario, with the encrypted token cache, the per-tenant pacer and the retry budget.
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readForms, TestBrowser } from "@/emulator/login/test-browser";
import { caTrustingNetworkClient, type RecordedCall } from "@/emulator/login/test-https-client";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { trustingDispatcher } from "@/emulator/testing/clients";
import { SealError } from "@/lib/crypto/seal";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { freshDatabase, type TestDatabase } from "../database";
import { CONNECT_COOKIE, connectedAccountStored, connectionHealth, connectRedirectUri, disconnect, finishConnect, startConnect } from "@/lib/graph/connection";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { partnerGraph } from "@/lib/graph/partner-graph-client";
import { localCloudSettings } from "../local-cloud-settings";
import type { GraphSettings } from "@/lib/graph/settings";
import { GraphFailure, type TenantGraph } from "@/lib/graph/tenant-graph-contract";
import { GraphAuth, graphAuth } from "@/lib/graph/msal-client";
import { delegatedPartition, readPartition, tokenCacheKey } from "@/lib/graph/token-cache";

const PORTAL = "http://127.0.0.1:3999";
const TIME_SCALE = 0.01;

let em: RunningEmulator;
let database: TestDatabase;
let prisma: PrismaClient;
let settings: GraphSettings;
let certDir: string;

interface Customer {
  tenantId: string;
  scenario: string;
  tags: string[];
  licences: { entraP1: boolean; entraP2: boolean };
}
let customers: Customer[];

/** Every request msal sent to the local cloud's login endpoints with `settings`. */
const tokenCalls: RecordedCall[] = [];

function customer(scenario: string, index = 0): Customer {
  const found = customers.filter((c) => c.scenario === scenario)[index];
  if (!found) throw new Error(`no ${scenario} tenant #${index} in the fleet`);
  return found;
}

async function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const dispatcher = await trustingDispatcher(em.ca);
  const res = await fetch(`${em.url}${path}`, {
    method: init.method ?? "GET",
    headers: init.body ? { "content-type": "application/json" } : {},
    body: init.body ? JSON.stringify(init.body) : undefined,
    dispatcher,
  } as RequestInit);
  expect(res.status).toBe(200);
  return res.json();
}

async function requestLog(tenantId: string): Promise<{ method: string; path: string; status: number; requestId: string }[]> {
  const body = (await control(`/_emulator/requests?tenant=${tenantId}`)) as { value: { method: string; path: string; status: number; requestId: string }[] };
  return body.value;
}

async function failure(p: Promise<unknown>): Promise<GraphFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphFailure);
  return err as GraphFailure;
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), "graph-int-certs-"));
  [em, database] = await Promise.all([
    startEmulator({ port: 0, browserPort: 0, tenants: 40, seed: 1, timeScale: TIME_SCALE, certDir, portalOrigins: [PORTAL] }),
    freshDatabase(),
  ]);
  prisma = createPrismaClient(database.url);
  customers = (em.fleet.describe() as unknown as { customers: Customer[] }).customers;
  settings = {
    ...(await localCloudSettings(em, prisma, { portalUrl: PORTAL, timeScale: TIME_SCALE })),
    msalNetworkClient: caTrustingNetworkClient(em.ca, tokenCalls),
  };
});

afterAll(async () => {
  await prisma?.$disconnect();
  await em?.close();
  await database?.drop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe("connecting the partner's automation account", () => {
  it("is not connected before, and graph access says so", async () => {
    const health = await connectionHealth({ settings });
    expect(health.connected).toBe(false);
    const f = await failure(tenantGraph(customer("healthy").tenantId, { settings, prefer: "delegated" }));
    // healthy tenants have no app-only consent: the delegated reason is reported.
    expect(f.problem).toBe("not-connected");
  });

  it("signs the service account in through the sign-in page and records it in PartnerSettings", async () => {
    const { url, cookie } = await startConnect("/settings", { settings });
    expect(url.startsWith(em.browserUrl)).toBe(true);
    const browser = new TestBrowser();
    const page = await browser.get(url);
    const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"));
    expect(form).toBeDefined();
    const account = em.fleet.serviceAccount;
    const back = await browser.submit(page.url, form!, [
      ["upn", account.userPrincipalName],
      ["password", account.password],
    ]);
    const location = new URL(back.location ?? "http://invalid/");
    expect(`${location.origin}${location.pathname}`).toBe(connectRedirectUri(settings));

    // A cookie from another flow (or tampered) is refused.
    await expect(finishConnect(location.searchParams, cookie.slice(0, -4) + "AAAA", "admin@x", settings)).rejects.toThrow(/could not be verified/);

    const connected = await finishConnect(location.searchParams, cookie, "admin@tailwindmsp.onmicrosoft.com", settings);
    expect(connected.upn).toBe(account.userPrincipalName);
    expect(connected.returnTo).toBe("/settings");
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(row).toMatchObject({
      connectedAccountId: `${account.id}.${em.fleet.partner.id}`,
      connectedAccountUpn: account.userPrincipalName,
      connectedByUpn: "admin@tailwindmsp.onmicrosoft.com",
    });
    expect(row.connectedAt).toBeInstanceOf(Date);

    const health = await connectionHealth({ settings, forceRefresh: true });
    expect(health).toMatchObject({ connected: true, healthy: true, accountUpn: account.userPrincipalName });
    expect(CONNECT_COOKIE.startsWith("__Host-")).toBe(true);
  });

  it("keeps the token cache in Postgres as ciphertext bound to its partition", async () => {
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    const partition = delegatedPartition(row.connectedAccountId!);
    const entry = await prisma.tokenCacheEntry.findUniqueOrThrow({ where: { partitionKey: partition } });
    const key = tokenCacheKey(settings.encryptionKey);

    // Decrypted, it is msal's cache with the refresh token...
    const plain = JSON.parse((await readPartition(prisma, key, partition))!) as { RefreshToken: Record<string, { secret: string }> };
    const refreshTokens = Object.values(plain.RefreshToken).map((t) => t.secret);
    expect(refreshTokens.length).toBe(1);
    // ...and the raw row holds none of it.
    const raw = Buffer.from(entry.ciphertext).toString("latin1");
    expect(raw).not.toContain(refreshTokens[0]!);
    expect(raw).not.toContain("RefreshToken");
    expect(raw).not.toContain(em.fleet.serviceAccount.userPrincipalName);

    // A blob copied to another partition does not open.
    const other = delegatedPartition(`00000000-0000-0000-0000-000000000001.${em.fleet.partner.id}`);
    await prisma.tokenCacheEntry.create({ data: { partitionKey: other, ciphertext: entry.ciphertext, keyVersion: entry.keyVersion } });
    await expect(readPartition(prisma, key, other)).rejects.toBeInstanceOf(SealError);
    await prisma.tokenCacheEntry.delete({ where: { partitionKey: other } });
    // Nor with another key.
    await expect(readPartition(prisma, tokenCacheKey(randomBytes(32)), partition)).rejects.toBeInstanceOf(SealError);
  });
});

describe("customer tenants by scenario", () => {
  it("healthy: delegated (GDAP) access lists the policies", async () => {
    const t = customer("healthy");
    const graph = await tenantGraph(t.tenantId, { settings });
    expect(graph.access).toBe("delegated");
    expect(graph.fallbackReason).toBeUndefined();
    const policies = await graph.listPolicies();
    expect(policies.length).toBeGreaterThan(0);
    expect(typeof policies[0]!.id).toBe("string");
    const log = await requestLog(t.tenantId);
    expect(log.some((e) => e.method === "GET" && e.path === "/identity/conditionalAccess/policies" && e.status === 200)).toBe(true);
    // The delegated token for this customer is now in the account's partition, not a partner token.
    const one = await graph.getPolicy(policies[0]!.id);
    expect(one.id).toBe(policies[0]!.id);
    expect((await graph.listNamedLocations()).length).toBeGreaterThan(0);
  });

  it("large: paging follows @odata.nextLink to every policy", async () => {
    const graph = await tenantGraph(customer("large").tenantId, { settings });
    const policies = await graph.listPolicies();
    expect(policies.length).toBe(130);
    expect(new Set(policies.map((p) => p.id)).size).toBe(130);
  });

  it("blocked-by-ca: the GDAP sign-in is refused (AADSTS53003) and app-only is used", async () => {
    const t = customer("blocked-by-ca");
    const graph = await tenantGraph(t.tenantId, { settings });
    expect(graph.access).toBe("app-only");
    expect(graph.fallbackReason?.problem).toBe("blocked-by-ca");
    expect(graph.fallbackReason?.message).toMatch(/^The customer's Conditional Access blocks the GDAP sign-in \(AADSTS53003\): policy [0-9a-f-]{36}/);
    expect((await graph.listPolicies()).length).toBeGreaterThan(0);
    const log = await requestLog(t.tenantId);
    expect(log.every((e) => e.status === 200)).toBe(true);
  });

  // Entra's 50020 says nothing about GDAP: the relationships the last sync found say why (lib/graph/access-facts.ts).
  async function syncedGdap(tenantId: string, gdapStatus: string | null) {
    if (gdapStatus === null) await prisma.customerTenant.deleteMany({ where: { id: tenantId } });
    else await prisma.customerTenant.upsert({ where: { id: tenantId }, create: { id: tenantId, displayName: "t", gdapStatus }, update: { gdapStatus } });
  }

  it("gdap-expired: a GraphFailure gdap-inactive naming the status the sync found, with Entra's code and text", async () => {
    const t = customer("gdap-expired").tenantId;
    await syncedGdap(t, "expired");
    const f = await failure(tenantGraph(t, { settings }));
    expect(f.problem).toBe("gdap-inactive");
    expect(f.message).toMatch(
      /^The GDAP relationship with this customer is expired, not active\. Microsoft Entra ID answered AADSTS50020: User account 'svc-automation@[^']+' from identity provider/,
    );
    expect(f.detail.code).toBe("AADSTS50020");
  });

  it("gdap-terminated: gdap-inactive too; with no relationship synced, no-gdap", async () => {
    const t = customer("gdap-terminated").tenantId;
    await syncedGdap(t, "terminated");
    const f = await failure(tenantGraph(t, { settings }));
    expect(f.problem).toBe("gdap-inactive");
    expect(f.message).toContain("terminated");
    await syncedGdap(t, null);
    const none = await failure(tenantGraph(t, { settings }));
    expect(none.problem).toBe("no-gdap");
    expect(none.message).toMatch(/^There is no GDAP relationship with this customer\. Microsoft Entra ID answered AADSTS50020/);
  });

  it("an app-only token cached before the customer granted the application permission is not kept: the next open asks Entra again", async () => {
    const t = customer("gdap-terminated");
    // The app is consented there without application permissions: its app-only token has no roles.
    expect((await failure(tenantGraph(t.tenantId, { settings, prefer: "app-only" }))).problem).toBe("no-consent");
    await control("/_emulator/faults", {
      method: "POST",
      body: {
        tenantId: t.tenantId,
        appConsent: { delegatedScopes: ["Policy.Read.All"], appRoles: ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"] },
      },
    });
    const graph = await tenantGraph(t.tenantId, { settings, prefer: "app-only" });
    expect(graph.access).toBe("app-only");
    expect((await graph.listPolicies()).length).toBeGreaterThan(0);
  });

  it("no-app-consent: no-consent (neither delegated nor app-only is possible)", async () => {
    const f = await failure(tenantGraph(customer("no-app-consent").tenantId, { settings }));
    expect(f.problem).toBe("no-consent");
    expect(f.message).toContain("AADSTS65001");
  });

  it("reads Entra ID P2 (risk conditions) from the tenant's service plans, for a tenant with it and one without", async () => {
    const withP2 = customers.find((c) => c.scenario === "healthy" && c.licences.entraP2)!;
    const withoutP2 = customers.find((c) => c.scenario === "healthy" && !c.licences.entraP2)!;
    expect(await (await tenantGraph(withP2.tenantId, { settings })).entraP2!()).toBe(true);
    expect(await (await tenantGraph(withoutP2.tenantId, { settings })).entraP2!()).toBe(false);
  });

  it("no-p1: reading policies fails with no-licence, decided from the tenant's service plans", async () => {
    const graph = await tenantGraph(customer("no-p1").tenantId, { settings });
    const f = await failure(graph.listPolicies());
    expect(f.problem).toBe("no-licence");
    expect(f.message).toMatch(/^This tenant has no Microsoft Entra ID P1 licence .* Microsoft Graph answered 403 AccessDenied: /);
    const organizationReads = (await requestLog(customer("no-p1").tenantId)).filter((e) => e.path === "/organization");
    expect(organizationReads.map((e) => e.status)).toEqual([200]);
    expect(f.detail.status).toBe(403);
    expect(f.detail.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gdap-read-only: reads work, a PATCH fails with missing-role", async () => {
    const graph = await tenantGraph(customer("gdap-read-only").tenantId, { settings });
    expect(graph.access).toBe("delegated");
    const [policy] = await graph.listPolicies();
    const f = await failure(graph.patchPolicy(policy!.id, { displayName: `${policy!.displayName}` }));
    expect(f.problem).toBe("missing-role");
    expect(f.detail).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(f.detail.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("security-defaults: enabling a policy fails with security-defaults", async () => {
    const graph = await tenantGraph(customer("security-defaults").tenantId, { settings });
    const disabled = (await graph.listPolicies()).find((p) => p.state === "disabled");
    expect(disabled).toBeDefined();
    const f = await failure(graph.patchPolicy(disabled!.id, { state: "enabled" }));
    expect(f.problem).toBe("security-defaults");
  });

  it("a write returns Graph's status and request ids, and the emulator saw exactly that request", async () => {
    const t = customer("missing-exclusion");
    const graph = await tenantGraph(t.tenantId, { settings });
    const [policy] = await graph.listPolicies();
    const result: Awaited<ReturnType<TenantGraph["patchPolicy"]>> = await graph.patchPolicy(policy!.id, { displayName: `${policy!.displayName} (renamed)` });
    expect(result.status).toBe(204);
    expect(result.body).toBeNull();
    const patches = (await requestLog(t.tenantId)).filter((e) => e.method === "PATCH");
    expect(patches).toHaveLength(1);
    expect(patches[0]!.requestId).toBe(result.requestId);
    expect(result.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await graph.getPolicy(policy!.id)).displayName).toBe(`${policy!.displayName} (renamed)`);
    const missing = await failure(graph.getPolicy("00000000-0000-0000-0000-000000000000"));
    expect(missing.problem).toBe("not-found");
  });

  it("the partner tenant: app-only creates a policy (201 with the entity)", async () => {
    const graph = await tenantGraph(em.fleet.partner.id, { settings, prefer: "app-only" });
    expect(graph.access).toBe("app-only");
    const result = await graph.createPolicy({
      displayName: "MSP - test policy",
      state: "enabledForReportingButNotEnforced",
      conditions: { clientAppTypes: ["all"], applications: { includeApplications: ["All"] }, users: { includeUsers: [em.fleet.serviceAccount.id] } },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    });
    expect(result.status).toBe(201);
    expect((result.body as { id?: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the partner tenant's GDAP relationships", () => {
  it("lists every relationship with its customer, status, end and roles", async () => {
    const partner = await partnerGraph({ settings });
    const relationships = await partner.listGdapRelationships();
    // Several per customer for some drawn customers (an earlier expired one, a pending request), the one in use first.
    expect(relationships).toHaveLength(em.fleet.relationships.length);
    expect(new Set(relationships.map((r) => r.customerTenantId)).size).toBe(customers.length);
    expect(relationships.some((r) => r.status === "approvalPending" && r.endDateTime === null)).toBe(true);
    const byCustomer = new Map<string, (typeof relationships)[number]>();
    for (const r of relationships) if (!byCustomer.has(r.customerTenantId)) byCustomer.set(r.customerTenantId, r);
    expect(byCustomer.get(customer("gdap-expired").tenantId)?.status).toBe("expired");
    expect(byCustomer.get(customer("gdap-terminated").tenantId)?.status).toBe("terminated");
    const healthy = byCustomer.get(customer("healthy").tenantId)!;
    expect(healthy.status).toBe("active");
    expect(healthy.roleIds).toContain("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"); // Conditional Access Administrator
    expect(healthy.endDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byCustomer.get(customer("gdap-read-only").tenantId)?.roleIds).not.toContain("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9");
  });
});

describe("the token cache across requests and processes", () => {
  it("concurrent GDAP tokens for many tenants: the account's row keeps its refresh token, not a thousand access tokens", async () => {
    const reachable = new Set([
      "healthy",
      "missing-exclusion",
      "exclusion-other-guest-types",
      "exclusion-other-tenants",
      "membership-all",
      "legacy-guests",
      "targets-service-providers",
      "disabled-and-report-only",
      "security-defaults",
    ]);
    const tenants = customers.filter((c) => reachable.has(c.scenario)).map((c) => c.tenantId);
    expect(tenants.length).toBeGreaterThan(20);
    const graphs = await Promise.all(tenants.map((id) => tenantGraph(id, { settings })));
    expect(graphs.every((g) => g.access === "delegated")).toBe(true);
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    const cache = JSON.parse((await readPartition(prisma, tokenCacheKey(settings.encryptionKey), delegatedPartition(row.connectedAccountId!)))!) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1);
    expect(cache.AccessToken).toEqual({});
    // Nor the account's profile in each customer tenant (msal-node adds one per tenant): one profile, its home
    // tenant's, or the newest when msal-node rebuilt the account under these concurrent requests (token-cache.ts's
    // keptProfiles; seen once in a full run).
    const accounts = Object.values(cache.Account ?? {}) as { tenantProfiles?: string[] }[];
    const profiles = accounts.flatMap((a) => a.tenantProfiles ?? []).map((p) => (JSON.parse(p) as { tenantId: string }).tenantId);
    expect(profiles).toHaveLength(1);
    expect([settings.partnerTenantId, ...tenants]).toContain(profiles[0]);
    // Each tenant's access token is reused from memory: a second round asks Entra for nothing.
    const before = tokenCalls.length;
    await Promise.all(tenants.map((id) => tenantGraph(id, { settings })));
    expect(tokenCalls.slice(before).filter((c) => c.method === "POST")).toEqual([]);
  });

  it("another process with the same database and key redeems the stored refresh token: no sign-in, one token request", async () => {
    const calls: RecordedCall[] = [];
    const other: GraphSettings = { ...settings, msalNetworkClient: caTrustingNetworkClient(em.ca, calls) };
    const t = customer("healthy");
    const graph = await tenantGraph(t.tenantId, { settings: other });
    expect(graph.access).toBe("delegated");
    expect((await graph.listPolicies()).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual([expect.stringContaining(`/${t.tenantId}/oauth2/v2.0/token`)]);
    // With another key, the cache does not open: the account counts as not connected.
    const wrongKey: GraphSettings = { ...other, encryptionKey: randomBytes(32) };
    const f = await failure(tenantGraph(t.tenantId, { settings: wrongKey }));
    expect(f.problem).toBe("not-connected");
    expect(f.message).toContain("cannot be decrypted");
    // App-only tokens are only a cache: an unreadable row is replaced, not an outage.
    const partner = await tenantGraph(em.fleet.partner.id, { settings: wrongKey, prefer: "app-only" });
    expect(partner.access).toBe("app-only");
  });

  it("holds msal clients for the most recent tenants only; a tenant let go gets its stored app-only token back, not a new one", async () => {
    const calls: RecordedCall[] = [];
    const auth = new GraphAuth({ ...settings, msalNetworkClient: caTrustingNetworkClient(em.ca, calls) }, { clients: 2 });
    const tenants = [customer("blocked-by-ca").tenantId, em.fleet.partner.id, customer("gdap-terminated").tenantId];
    const first = await auth.appOnlyToken(tenants[0]!);
    for (const id of tenants.slice(1)) await auth.appOnlyToken(id);
    expect(auth.clientsHeld).toBe(2);
    const asked = calls.length;
    const again = await auth.appOnlyToken(tenants[0]!);
    expect(again.token).toBe(first.token);
    // Read from the stored partition: no token request. (A new client reads the authority's metadata once, a GET.)
    expect(calls.slice(asked).filter((c) => c.method === "POST")).toEqual([]);
    expect(auth.clientsHeld).toBe(2);
  });
});

describe("throttling", () => {
  it("20 CA requests to one tenant through the pacer meet no 429 at the emulator's limit", async () => {
    const t = customer("healthy", 1);
    // Two TenantGraphs of the same tenant share the pacer.
    const [a, b] = await Promise.all([tenantGraph(t.tenantId, { settings }), tenantGraph(t.tenantId, { settings })]);
    const [policy] = await a.listPolicies();
    const before = (await requestLog(t.tenantId)).length;
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).getPolicy(policy!.id)));
    const elapsed = performance.now() - started;
    const log = (await requestLog(t.tenantId)).slice(before);
    expect(log).toHaveLength(20);
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    // Paced: ≈ 19 intervals of 10 ms at least.
    expect(elapsed).toBeGreaterThanOrEqual(19 * 10 - 5);
  });

  it("without the pacer's spacing (another process's share), 429s are retried with backoff until success", async () => {
    const t = customer("healthy", 2);
    const graph = await tenantGraph(t.tenantId, { settings });
    // A short storm: every CA request is 429 (no Retry-After) for 5 s × time scale = 50 ms.
    await control("/_emulator/faults", { method: "POST", body: { tenantId: t.tenantId, storm429Seconds: 5 } });
    const policies = await graph.listPolicies();
    expect(policies.length).toBeGreaterThan(0);
    const log = await requestLog(t.tenantId);
    expect(log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
    expect(log.at(-1)!.status).toBe(200);
  });

  it("a storm longer than the retry budget ends in throttled", async () => {
    const t = customer("healthy", 3);
    const graph = await tenantGraph(t.tenantId, { settings });
    await control("/_emulator/faults", { method: "POST", body: { tenantId: t.tenantId, storm429Seconds: 1000 } });
    const f = await failure(graph.listPolicies());
    expect(f.problem).toBe("throttled");
    const log = await requestLog(t.tenantId);
    expect(log.filter((e) => e.status === 429)).toHaveLength(settings.retry.maxAttempts);
    await control("/_emulator/faults", { method: "POST", body: { tenantId: t.tenantId, clear: true } });
  });
});

describe("connection health and disconnecting", () => {
  it("tells a tenant's opening in one statement which account is connected and whether its sign-in is stored", async () => {
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(await connectedAccountStored(settings)).toEqual({ accountId: row.connectedAccountId, stored: true });
    // The token cache row gone (another process disconnecting, half-way): a held token must not be used.
    const partitionKey = delegatedPartition(row.connectedAccountId!);
    const cache = await prisma.tokenCacheEntry.findUniqueOrThrow({ where: { partitionKey } });
    await prisma.tokenCacheEntry.delete({ where: { partitionKey } });
    try {
      expect(await connectedAccountStored(settings)).toEqual({ accountId: row.connectedAccountId, stored: false });
    } finally {
      await prisma.tokenCacheEntry.create({ data: cache });
    }
  });

  it("reports an account whose refresh token Entra no longer accepts as unhealthy, in words", async () => {
    // The local cloud forgets its refresh tokens on reset (like a revoked sign-in).
    await control("/_emulator/reset", { method: "POST" });
    const health = await connectionHealth({ settings, forceRefresh: true });
    expect(health).toMatchObject({ connected: true, healthy: false, problem: "not-connected" });
    expect(health.connected && health.message).toContain("connect it again");
  });

  it("disconnect clears PartnerSettings and deletes the account's token cache, in every process", async () => {
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    // A worker (another GraphAuth) holds the account in msal's memory when the web process
    // disconnects (its refresh token was revoked by the test above, so Entra refuses it).
    const worker: GraphSettings = { ...settings };
    const t = customer("healthy", 1);
    await expect(graphAuth(worker).delegatedToken(row.connectedAccountId!, t.tenantId, { forceRefresh: true })).rejects.toThrow(/AADSTS/);
    await disconnect("admin@tailwindmsp.onmicrosoft.com", settings);
    // The worker can no longer act as the account (its memory does not outlive the row), and writes nothing back.
    const after = await graphAuth(worker)
      .delegatedToken(row.connectedAccountId!, t.tenantId, { forceRefresh: true })
      .then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    expect(after).toMatch(/is not connected/);
    expect(after).not.toMatch(/AADSTS/); // Entra was not even asked: the account is gone here too
    expect(await connectedAccountStored(settings)).toBeNull();
    expect(await prisma.tokenCacheEntry.count({ where: { partitionKey: delegatedPartition(row.connectedAccountId!) } })).toBe(0);
    expect(await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ connectedAccountId: null, connectedAccountUpn: null });
    expect((await connectionHealth({ settings })).connected).toBe(false);
    expect(await prisma.tokenCacheEntry.count({ where: { partitionKey: delegatedPartition(row.connectedAccountId!) } })).toBe(0);
  });
});
