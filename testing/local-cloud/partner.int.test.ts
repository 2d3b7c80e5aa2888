// lib/partner against the local Microsoft cloud (in-process), through the REAL msal-node and
// graph-client (lib/graph), on a real Postgres: the automation account is connected through the
// sign-in page, then the service account is hardened step by step, with the emulator's request log
// as the witness of what was sent and remediation history as the record.
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readForms, TestBrowser } from "@/emulator/login/test-browser";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { trustingDispatcher } from "@/emulator/testing/clients";
import { buildServiceAccountPolicy, DEFAULT_SERVICE_ACCOUNT_POLICY_NAME, serviceAccountPolicyDrift } from "@/lib/ca";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { finishConnect, startConnect } from "@/lib/graph/connection";
import { localCloudSettings } from "../local-cloud-settings";
import type { GraphSettings } from "@/lib/graph/settings";
import { freshDatabase, type TestDatabase } from "../database";
import { attestTrustedIpsRemoved, checklistState } from "@/lib/partner/checklist";
import { MFA_SERVICE_SETTINGS_URL, type Checklist, type ChecklistKey } from "@/lib/partner/checklist-rules";
import { PartnerError, type PartnerActor, type PartnerContext } from "@/lib/partner/context";
import { createDedicatedPolicy, enforceDedicatedPolicy, repairDedicatedPolicy } from "@/lib/partner/dedicated-policy";
import { applyServiceAccountExclusion, previewServiceAccountExclusion } from "@/lib/partner/exclusion";
import { partnerOverview } from "@/lib/partner/overview";
import { SETTLED_APPLIED, SETTLED_FAILED } from "@/lib/partner/recorded-write";
import { chooseServiceAccount, searchPartnerUsers } from "@/lib/partner/service-account";
import { completeRun, createRun, startRun } from "@/lib/remediation";
import { recordPending } from "@/lib/remediation/history";

const PORTAL = "http://127.0.0.1:3998";
const TIME_SCALE = 0.01;
const POLICIES = "/identity/conditionalAccess/policies";

let em: RunningEmulator;
let database: TestDatabase;
let prisma: PrismaClient;
let settings: GraphSettings;
let ctx: PartnerContext;
let certDir: string;
let partnerId: string;
let account: { id: string; userPrincipalName: string };
let admin: PartnerActor;
let breakGlassId: string;

async function control(path: string, body: unknown): Promise<void> {
  const dispatcher = await trustingDispatcher(em.ca);
  const res = await fetch(`${em.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    dispatcher,
  } as RequestInit);
  expect(res.status, await res.clone().text()).toBe(200);
}

const lastSeq = () => em.log.list().at(-1)?.seq ?? 0;
const writesSince = (seq: number) =>
  em.log
    .list({ tenantId: partnerId, sinceSeq: seq })
    .filter((e) => e.method !== "GET")
    .map((e) => ({ apiVersion: e.apiVersion, method: e.method, path: e.path, status: e.status, body: e.requestBody }));

const item = (list: Checklist, key: ChecklistKey) => {
  const found = list.items.find((i) => i.key === key);
  if (!found) throw new Error(`no checklist item ${key}`);
  return found;
};

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), "partner-int-certs-"));
  [em, database] = await Promise.all([
    startEmulator({ port: 0, browserPort: 0, tenants: 4, seed: 3, timeScale: TIME_SCALE, certDir, portalOrigins: [PORTAL] }),
    freshDatabase(),
  ]);
  prisma = createPrismaClient(database.url);
  const fleet = em.fleet.describe() as unknown as {
    partner: {
      tenantId: string;
      serviceAccount: { id: string; userPrincipalName: string; password: string };
      staff: { id: string; userPrincipalName: string; portalRole: string | null; displayName: string }[];
    };
  };
  partnerId = fleet.partner.tenantId;
  account = fleet.partner.serviceAccount;
  settings = await localCloudSettings(em, prisma, { portalUrl: PORTAL, timeScale: TIME_SCALE });

  ctx = { settings };

  // Connect the automation account (the seeded service account) through the sign-in page.
  const { url, cookie } = await startConnect("/partner", { settings });
  const browser = new TestBrowser();
  const page = await browser.get(url);
  const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"));
  if (!form) throw new Error("no sign-in form");
  const back = await browser.submit(page.url, form, [
    ["upn", account.userPrincipalName],
    ["password", fleet.partner.serviceAccount.password],
  ]);
  await finishConnect(new URL(back.location ?? "http://invalid/").searchParams, cookie, "admin@tailwindmsp.onmicrosoft.com", settings);

  const staffAdmin = fleet.partner.staff.find((s) => s.portalRole === "Portal.Admin");
  const breakGlass = fleet.partner.staff.find((s) => s.userPrincipalName.startsWith("breakglass@"));
  if (!staffAdmin || !breakGlass) throw new Error("seeded staff missing");
  breakGlassId = breakGlass.id;
  const row = await prisma.portalUser.create({
    data: { tenantId: partnerId, objectId: staffAdmin.id, upn: staffAdmin.userPrincipalName, displayName: staffAdmin.displayName, role: "admin" },
  });
  admin = { id: row.id, upn: row.upn, objectId: staffAdmin.id, tenantId: partnerId };
});

afterAll(async () => {
  await prisma?.$disconnect();
  await em?.close();
  await database?.drop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe("hardening the automation service account in the partner tenant", () => {
  it("finds the seeded service account by name and by UPN, and stores the choice with an audit row", async () => {
    const byUpn = await searchPartnerUsers("svc-autom", ctx);
    expect(byUpn.map((u) => u.id)).toEqual([account.id]);
    const byName = await searchPartnerUsers("Portal automation", ctx);
    expect(byName.map((u) => u.userPrincipalName)).toContain(account.userPrincipalName);
    // A quote cannot break out of the OData literal: it is searched for, and matches nobody.
    expect(await searchPartnerUsers("x') or startswith(displayName,'", ctx)).toEqual([]);
    const sent = em.log
      .list({ tenantId: partnerId, method: "GET" })
      .filter((e) => e.path === "/users")
      .at(-1);
    expect(decodeURIComponent(sent?.query ?? "")).toContain("startswith(displayName,'x'') or startswith(displayName,''')");

    await expect(chooseServiceAccount({ id: randomUUID(), upn: account.userPrincipalName }, admin, ctx)).rejects.toThrow(PartnerError);
    await expect(chooseServiceAccount({ id: account.id, upn: "someone-else@tailwindmsp.onmicrosoft.com" }, admin, ctx)).rejects.toThrow(/search again/);

    const chosen = await chooseServiceAccount({ id: account.id, upn: account.userPrincipalName.toUpperCase() }, admin, ctx);
    expect(chosen.userPrincipalName).toBe(account.userPrincipalName);
    expect(await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
      serviceAccountId: account.id,
      serviceAccountUpn: account.userPrincipalName,
      updatedByUpn: admin.upn,
    });
    const audit = await prisma.auditEvent.findMany({ where: { action: "partner-choose-service-account" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUpn: admin.upn, result: "success", targetTenantId: partnerId, targetId: account.id });
  });

  it("lists the partner's policies with their description and which exclude the account; nothing is done yet", async () => {
    const overview = await partnerOverview(ctx);
    expect(overview.access).toBe("delegated");
    expect(overview.accessNote).toBeNull();
    expect(overview.account).toEqual({ id: account.id, upn: account.userPrincipalName });
    expect(overview.dedicated).toBeNull();
    const outcomes = Object.fromEntries(overview.policies.map((p) => [p.displayName, p.exclusion?.outcome]));
    expect(outcomes).toEqual({
      "MSP-001: Require MFA for administrators": "patch",
      "MSP-002: Block legacy authentication": "patch",
      "MSP-003: Require MFA for all users": "patch",
      "MSP-004: Block high-risk sign-ins": "already-excluded",
      "MSP-005: Require compliant device for staff (pilot)": "already-excluded",
      "MSP-006: Admin portals sign-in every 8 hours": "patch",
    });
    for (const p of overview.policies) expect(p.description.length, p.displayName).toBeGreaterThan(0);

    const checklist = await checklistState(ctx);
    expect(checklist.done).toBe(false);
    expect(checklist.items.map((i) => [i.key, i.done])).toEqual([
      ["excluded-everywhere", false],
      ["dedicated-exists", false],
      ["dedicated-enforced", false],
      ["trusted-ips-removed", false],
    ]);
    expect(item(checklist, "excluded-everywhere").sentence).toMatch(/^4 of 6 policies may still apply/);
    expect(item(checklist, "trusted-ips-removed").link).toBe(MFA_SERVICE_SETTINGS_URL);
  });

  it("previews and applies the exclusion: one PATCH per policy that lacked it, excludeUsers whole, each recorded", async () => {
    const { preview, items, dedicated } = await previewServiceAccountExclusion(ctx);
    expect(dedicated).toBeNull();
    const toPatch = preview.policies.filter((p) => p.request !== null);
    expect(toPatch).toHaveLength(4);
    expect(items.map((i) => i.policyId)).toEqual(toPatch.map((p) => p.policyId));

    const seq = lastSeq();
    const { runId, result } = await applyServiceAccountExclusion(items, admin, ctx);
    const writes = writesSince(seq);
    expect(writes).toHaveLength(4);
    for (const p of toPatch) {
      const before = (p.users.before as { excludeUsers: string[] }).excludeUsers;
      expect(before.length).toBeGreaterThan(0); // the break-glass account, which must stay
      expect(writes).toContainEqual({
        apiVersion: "v1.0",
        method: "PATCH",
        path: `${POLICIES}/${p.policyId}`,
        status: 204,
        body: { conditions: { users: { excludeUsers: [...before, account.id] } } },
      });
    }
    expect(result.items.map((i) => [i.result, i.verification])).toEqual(toPatch.map(() => ["applied", "confirmed"]));

    const run = await prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true } });
    expect(run).toMatchObject({ kind: "service-account-fix", status: "completed", requestedById: admin.id, requestedByUpn: admin.upn });
    expect(run.changes.map((c) => [c.policyId, c.action, c.result, c.requestMethod]).sort()).toEqual(
      toPatch.map((p) => [p.policyId, "exclude-service-account", "applied", "PATCH"]).sort(),
    );

    const overview = await partnerOverview(ctx);
    expect(overview.policies.every((p) => p.exclusion?.outcome === "already-excluded")).toBe(true);
    expect(item(await checklistState(ctx), "excluded-everywhere").done).toBe(true);
  });

  it("creates the dedicated policy with one POST of buildServiceAccountPolicy's body, stores its id, and never a second one", async () => {
    const seq = lastSeq();
    const created = await createDedicatedPolicy(admin, {}, ctx);
    if (created.outcome !== "created") throw new Error(`not created: ${created.message}`);
    const expected = buildServiceAccountPolicy({ accountId: account.id, displayName: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME });
    expect(expected.state).toBe("enabledForReportingButNotEnforced");
    expect(writesSince(seq)).toEqual([{ apiVersion: "v1.0", method: "POST", path: POLICIES, status: 201, body: expected }]);
    expect(created.apiVersion).toBe("v1.0");
    expect(created.note).toBeNull();
    expect(created.message).toBe(`The dedicated policy "${DEFAULT_SERVICE_ACCOUNT_POLICY_NAME}" was created (report-only).`);
    expect((await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId).toBe(created.policyId);

    const change = await prisma.remediationChange.findFirstOrThrow({ where: { runId: created.runId } });
    expect(change).toMatchObject({
      action: "create-service-account-policy",
      result: "applied",
      requestMethod: "POST",
      requestPath: POLICIES,
      policyId: null,
      graphStatus: 201,
    });
    expect(change.requestBody).toEqual(expected);
    expect((change.after as { id?: string }).id).toBe(created.policyId);

    // Again: found by its stored id, nothing sent, no run.
    const runs = await prisma.remediationRun.count();
    const seq2 = lastSeq();
    const again = await createDedicatedPolicy(admin, {}, ctx);
    expect(again).toMatchObject({ outcome: "exists", policyId: created.policyId, foundBy: "id", drift: [] });
    expect(writesSince(seq2)).toEqual([]);
    expect(await prisma.remediationRun.count()).toBe(runs);
    // Without the stored id, found by name (and adopted), still nothing created.
    await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyId: null } });
    expect(await createDedicatedPolicy(admin, {}, ctx)).toMatchObject({ outcome: "exists", foundBy: "name", policyId: created.policyId });
    expect(writesSince(seq2)).toEqual([]);
    expect((await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId).toBe(created.policyId);

    const overview = await partnerOverview(ctx);
    expect(overview.dedicated).toMatchObject({ id: created.policyId, foundBy: "id", enforced: false, drift: [] });
    expect(overview.policies.filter((p) => p.dedicated).map((p) => p.id)).toEqual([created.policyId]);
    const checklist = await checklistState(ctx);
    expect([item(checklist, "excluded-everywhere").done, item(checklist, "dedicated-exists").done, item(checklist, "dedicated-enforced").done]).toEqual([
      true,
      true,
      false,
    ]);
    expect(item(checklist, "dedicated-enforced").sentence).toMatch(/report-only: enforce it/);
  });

  it("never touches the dedicated policy in the exclusion: lib/ca plans not-applicable, preview leaves it out, apply refuses it", async () => {
    const { preview, dedicated } = await previewServiceAccountExclusion(ctx);
    const policyId = (await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId!;
    expect(dedicated).toMatchObject({ policyId, plannedOutcome: "not-applicable" });
    expect(preview.policies.map((p) => p.policyId)).not.toContain(policyId);
    const seq = lastSeq();
    await expect(applyServiceAccountExclusion([{ policyId, expectedFingerprint: "x", confirmedNeedsReview: true }], admin, ctx)).rejects.toThrow(
      /dedicated policy; the exclusion never touches it/,
    );
    expect(writesSince(seq)).toEqual([]);
  });

  it("shows drift after the policy is edited behind the portal's back, and the repair restores the expected shape", async () => {
    const policyId = (await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId!;
    await control("/_emulator/faults", {
      tenantId: partnerId,
      editPolicy: { policyId, patch: { conditions: { users: { excludeUsers: [breakGlassId] }, signInRiskLevels: ["high"] } } },
    });
    const overview = await partnerOverview(ctx);
    expect(overview.dedicated?.drift).toEqual([
      `It has exclusions (${breakGlassId}); it should have none.`,
      "It has extra conditions that narrow it: sign-in risk.",
    ]);
    expect(item(await checklistState(ctx), "dedicated-enforced").sentence).toMatch(/differs from the expected shape/);

    const seq = lastSeq();
    const repaired = await repairDedicatedPolicy(admin, ctx);
    if (repaired.outcome !== "repaired") throw new Error(`not repaired: ${repaired.message}`);
    expect(repaired.driftAfter).toEqual([]);
    const writes = writesSince(seq);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ apiVersion: "v1.0", method: "PATCH", path: `${POLICIES}/${policyId}`, status: 204 });
    const body = writes[0]!.body as {
      conditions: { users: Record<string, unknown>; signInRiskLevels: unknown };
      state?: unknown;
      displayName?: unknown;
      id?: unknown;
    };
    // The users object is sent whole: the exclusion cleared, the account the only one included.
    expect(body.conditions.users).toMatchObject({
      includeUsers: [account.id],
      excludeUsers: [],
      includeGroups: [],
      excludeGroups: [],
      includeRoles: [],
      excludeRoles: [],
    });
    expect(body.conditions.signInRiskLevels).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(["conditions", "grantControls", "sessionControls"]);

    const live = (await partnerOverview(ctx)).dedicated;
    expect(live).toMatchObject({ id: policyId, drift: [], state: "enabledForReportingButNotEnforced" });
    const change = await prisma.remediationChange.findFirstOrThrow({ where: { runId: repaired.runId } });
    expect(change).toMatchObject({ action: "repair-service-account-policy", result: "applied", requestMethod: "PATCH", policyId });
    expect(change.reason).toContain("It has exclusions");
    expect(serviceAccountPolicyDrift(change.after, { accountId: account.id })).toEqual([]);

    // Nothing left to repair: nothing is sent.
    const seq2 = lastSeq();
    expect((await repairDedicatedPolicy(admin, ctx)).outcome).toBe("no-drift");
    expect(writesSince(seq2)).toEqual([]);
  });

  it("explains that security defaults must be off when enforcing fails on them, then enforces once they are off", async () => {
    await control("/_emulator/faults", { tenantId: partnerId, securityDefaults: true });
    const refused = await enforceDedicatedPolicy(admin, ctx);
    if (refused.outcome !== "failed") throw new Error(`expected a refusal, got ${refused.outcome}`);
    expect(refused.failure.problem).toBe("security-defaults");
    expect(refused.message).toMatch(/^The dedicated policy was not enforced: Security defaults are on in the partner tenant.*Turn security defaults off first/);
    const failedRow = await prisma.remediationChange.findFirstOrThrow({ where: { runId: refused.runId } });
    expect(failedRow).toMatchObject({ action: "enforce-service-account-policy", result: "failed", graphStatus: 400, requestBody: { state: "enabled" } });
    expect(item(await checklistState(ctx), "dedicated-enforced").done).toBe(false);

    await control("/_emulator/faults", { tenantId: partnerId, securityDefaults: false });
    const seq = lastSeq();
    const enforced = await enforceDedicatedPolicy(admin, ctx);
    expect(enforced).toMatchObject({ outcome: "enforced", drift: [], note: null, apiVersion: "v1.0" });
    expect(writesSince(seq).map((w) => [w.method, w.status, w.body])).toEqual([["PATCH", 204, { state: "enabled" }]]);
    const checklist = await checklistState(ctx);
    expect(item(checklist, "dedicated-enforced")).toMatchObject({ done: true, sentence: "The dedicated policy is enforced and has the expected shape." });
    expect((await enforceDedicatedPolicy(admin, ctx)).outcome).toBe("already-enforced");
  });

  it("retries once on /beta when v1.0 refuses 'every time' for all apps, and says so", async () => {
    // A new configured name: the existing policy is no longer the dedicated one, so one is created.
    const name = "MSP - automation account (beta)";
    await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyName: name, dedicatedPolicyId: null } });
    await control("/_emulator/faults", { v1RefusesEveryTimeForAllApps: true });
    try {
      const seq = lastSeq();
      const created = await createDedicatedPolicy(admin, {}, ctx);
      if (created.outcome !== "created") throw new Error(`not created: ${created.message}`);
      const body = buildServiceAccountPolicy({ accountId: account.id, displayName: name });
      expect(writesSince(seq)).toEqual([
        { apiVersion: "v1.0", method: "POST", path: POLICIES, status: 400, body },
        { apiVersion: "beta", method: "POST", path: POLICIES, status: 201, body },
      ]);
      expect(created.apiVersion).toBe("beta");
      expect(created.message).toBe(
        `Graph v1.0 refused sign-in frequency 'every time' for all cloud apps; created through /beta. The dedicated policy "${name}" was created (report-only).`,
      );
      const rows = await prisma.remediationChange.findMany({ where: { runId: created.runId }, orderBy: { createdAt: "asc" } });
      expect(rows.map((r) => [r.requestPath, r.result, r.graphStatus])).toEqual([
        [POLICIES, "failed", 400],
        [`/beta${POLICIES}`, "applied", 201],
      ]);
      expect(rows[0]!.error).toMatch(/everyTime/);
      expect(rows[1]!.reason).toMatch(/Sent through \/beta: Graph v1\.0 refused/);

      // Every later write to that policy is judged on the whole policy: enforcing needs /beta too.
      const seq2 = lastSeq();
      const enforced = await enforceDedicatedPolicy(admin, ctx);
      expect(enforced).toMatchObject({ outcome: "enforced", apiVersion: "beta" });
      expect(enforced.message).toContain("retried through /beta");
      expect(writesSince(seq2).map((w) => [w.apiVersion, w.method, w.status])).toEqual([
        ["v1.0", "PATCH", 400],
        ["beta", "PATCH", 204],
      ]);
    } finally {
      await control("/_emulator/faults", { v1RefusesEveryTimeForAllApps: false });
    }
  });

  it("records the trusted-IPs attestation with the admin and the time; the checklist is then complete", async () => {
    const before = new Date();
    const attested = await attestTrustedIpsRemoved(true, admin, ctx);
    expect(attested.attestedByUpn).toBe(admin.upn);
    expect(attested.attestedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(row).toMatchObject({ trustedIpsRemovedAttestedByUpn: admin.upn, trustedIpsRemovedAttestedAt: attested.attestedAt });
    expect(await prisma.auditEvent.count({ where: { action: "partner-attest-trusted-ips-removed", actorUpn: admin.upn } })).toBe(1);

    const checklist = await checklistState(ctx);
    expect(item(checklist, "trusted-ips-removed")).toMatchObject({
      done: true,
      attestedByUpn: admin.upn,
      sentence: `Attested by ${admin.upn} on ${attested.attestedAt!.toISOString()}.`,
    });
    // The first dedicated policy (old name) is now an ordinary policy that includes only the account.
    expect(checklist.items.map((i) => [i.key, i.done])).toEqual([
      ["excluded-everywhere", true],
      ["dedicated-exists", true],
      ["dedicated-enforced", true],
      ["trusted-ips-removed", true],
    ]);
    expect(checklist.done).toBe(true);

    await attestTrustedIpsRemoved(false, admin, ctx);
    expect(item(await checklistState(ctx), "trusted-ips-removed").done).toBe(false);
  });

  it("settles dedicated-policy writes a crash left pending, by re-reading, before the next write", async () => {
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    const run = await createRun(prisma, { kind: "service-account-fix", requestedBy: { id: admin.id, upn: admin.upn }, scope: {}, options: {} });
    await startRun(prisma, run.id);
    const pending = (policyId: string | null, policyName: string, action: string, body: object) =>
      recordPending(prisma, {
        runId: run.id,
        tenantId: partnerId,
        policyId,
        policyName,
        action,
        plannedOutcome: action,
        reason: "interrupted",
        warnings: [],
        before: null,
        request: { method: policyId === null ? "POST" : "PATCH", path: POLICIES, body },
      });
    const made = await pending(null, row.dedicatedPolicyName, "create-service-account-policy", { displayName: row.dedicatedPolicyName });
    const neverMade = await pending(null, "Never created", "create-service-account-policy", { displayName: "Never created" });
    const notShown = await pending(row.dedicatedPolicyId, row.dedicatedPolicyName, "enforce-service-account-policy", { state: "disabled" });
    const shown = await pending(row.dedicatedPolicyId, row.dedicatedPolicyName, "enforce-service-account-policy", { state: "enabled" });
    await completeRun(prisma, run.id);

    expect((await repairDedicatedPolicy(admin, ctx)).outcome).toBe("no-drift");
    const results = await prisma.remediationChange.findMany({ where: { id: { in: [made, neverMade, notShown, shown] } } });
    const byId = new Map(results.map((r) => [r.id, [r.result, r.error]]));
    expect([made, neverMade, notShown, shown].map((id) => byId.get(id))).toEqual([
      ["applied", SETTLED_APPLIED],
      ["failed", SETTLED_FAILED],
      ["failed", SETTLED_FAILED],
      ["applied", SETTLED_APPLIED],
    ]);
    expect(await prisma.remediationChange.count({ where: { tenantId: partnerId, result: "pending" } })).toBe(0);
  });
});
