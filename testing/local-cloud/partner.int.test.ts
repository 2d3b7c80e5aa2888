// lib/partner against the local Microsoft cloud (in-process), through the REAL msal-node and
// graph-client (lib/graph), on a real Postgres: the automation account is connected through the
// sign-in page, then the service account is hardened step by step. Every change is previewed
// (lib/partner's previewPartnerChange stores a run), confirmed (lib/runs' confirmRun) and applied by
// the run service's job, exactly as the page and a worker do; the emulator's request log is the
// witness of what was sent and remediation history the record.
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutApprovals } from "../approvals";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { trustingDispatcher } from "@/emulator/testing/clients";
import { buildServiceAccountPolicy, DEFAULT_SERVICE_ACCOUNT_POLICY_NAME, serviceAccountPolicyDrift } from "@/lib/ca";
import { createPrismaClient } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { GraphSettings } from "@/lib/graph/settings";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { attestTrustedIpsRemoved, checklistState } from "@/lib/partner/checklist";
import { MFA_SERVICE_SETTINGS_URL, type Checklist, type ChecklistKey } from "@/lib/partner/checklist-rules";
import { previewPartnerChange, type PartnerAction } from "@/lib/partner/changes";
import { PartnerError, type PartnerActor, type PartnerContext } from "@/lib/partner/context";
import { partnerOverview } from "@/lib/partner/overview";
import { chooseServiceAccount, searchPartnerUsers } from "@/lib/partner/service-account";
import { BETA_RETRY_NOTE, RECONCILED_APPLIED, RECONCILED_FAILED, SECURITY_DEFAULTS_EXPLANATION } from "@/lib/remediation";
import { recordPending } from "@/lib/remediation/history";
import { confirmRun, runTenantJob, runView, type RunJob, type RunQueue, type RunView, type RunWorkerDeps } from "@/lib/runs";
import { freshDatabase, type TestDatabase } from "../database";
import { localCloudSettings } from "../local-cloud-settings";
import { connectAutomationAccount } from "../local-cloud-worker";

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

/** A queue that keeps the jobs, which `change` then runs in this process as a worker would. */
class KeptQueue implements RunQueue {
  jobs: RunJob[] = [];
  async send(_queue: string, jobs: readonly RunJob[]) {
    this.jobs.push(...jobs);
  }
  async liveJobs() {
    return [];
  }
}

function workerDeps(queue: RunQueue): RunWorkerDeps {
  return {
    prisma,
    queue,
    partnerTenantId: partnerId,
    openTenant: (id, prefer) => tenantGraph(id, { settings, prefer }),
    warn: () => undefined,
    timing: { lockWaitMs: 0, retryDelayMs: 60_000 },
  };
}

/** The page's flow for one change: preview, confirm (nothing is written before), the worker's job; returns the preview and the ended run. */
async function change(action: PartnerAction, by: PartnerActor = admin) {
  const preview = await previewPartnerChange(action, by, ctx);
  const seq = lastSeq();
  const queue = new KeptQueue();
  const confirmed = await confirmRun({
    prisma,
    queue,
    runId: preview.runId,
    confirmedNeedsReview: [],
    ticket: "PSA-42",
    confirmedBy: { id: by.id, upn: by.upn },
  });
  expect(writesSince(seq)).toEqual([]); // confirming writes nothing itself: the job does
  for (const job of queue.jobs) await runTenantJob(workerDeps(queue), job.data);
  const run = (await runView(prisma, confirmed.runId)) as RunView;
  return { preview, run };
}

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
  // This file tests the partner tenant's writes; four-eyes before them is lib/runs/approval.int.test.ts's.
  await withoutApprovals(prisma);
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
  await connectAutomationAccount(em, settings);

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
    const seq = lastSeq();
    const { preview, run } = await change("exclude-service-account");
    expect(preview.leftOut).toEqual([]);
    const toPatch = preview.policies.filter((p) => p.request !== null);
    expect(toPatch).toHaveLength(4);
    const writes = writesSince(seq);
    expect(writes).toHaveLength(4);
    for (const p of toPatch) {
      const before = (p.users.before as { excludeUsers: string[] }).excludeUsers;
      expect(before.length).toBeGreaterThan(0); // the break-glass account, which must stay
      const sent = { conditions: { users: { excludeUsers: [...before, account.id] } } };
      expect(p.request).toEqual({ method: "PATCH", path: `${POLICIES}/${p.policyId}`, body: sent }); // previewed exactly
      expect(writes).toContainEqual({ apiVersion: "v1.0", method: "PATCH", path: `${POLICIES}/${p.policyId}`, status: 204, body: sent });
      // The account is named by its UPN in the preview's words.
      expect(p.users.describedAfter.join(" ")).toContain(`${account.userPrincipalName} (the service account)`);
    }
    expect(run).toMatchObject({ kind: "service-account-fix", action: "exclude-service-account", status: "succeeded", ticket: "PSA-42" });
    expect(run.policies).toEqual({ applied: 4, skipped: 0, failed: 0, pending: 0 });

    const stored = await prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id }, include: { changes: true } });
    expect(stored).toMatchObject({ requestedById: admin.id, requestedByUpn: admin.upn, confirmedByUpn: admin.upn });
    expect(stored.changes.map((c) => [c.policyId, c.action, c.result, c.requestMethod]).sort()).toEqual(
      toPatch.map((p) => [p.policyId, "exclude-service-account", "applied", "PATCH"]).sort(),
    );

    const overview = await partnerOverview(ctx);
    expect(overview.policies.every((p) => p.exclusion?.outcome === "already-excluded")).toBe(true);
    expect(item(await checklistState(ctx), "excluded-everywhere").done).toBe(true);
  });

  it("creates the dedicated policy with one POST of the previewed body, after confirmation only, and never a second one", async () => {
    const expected = buildServiceAccountPolicy({ accountId: account.id, displayName: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME });
    expect(expected.state).toBe("enabledForReportingButNotEnforced");
    const seq = lastSeq();
    const preview = await previewPartnerChange("create-service-account-policy", admin, ctx);
    expect(writesSince(seq)).toEqual([]); // a preview writes nothing
    expect(preview.policies).toHaveLength(1);
    expect(preview.policies[0]).toMatchObject({ policyId: null, outcome: "create", request: { method: "POST", path: POLICIES, body: expected } });
    expect(preview.policies[0]!.policy?.describedBefore).toBeNull();
    expect(preview.policies[0]!.policy?.describedAfter?.length).toBeGreaterThan(0);

    const { run } = await change("create-service-account-policy");
    expect(run.status).toBe("succeeded");
    expect(writesSince(seq)).toEqual([{ apiVersion: "v1.0", method: "POST", path: POLICIES, status: 201, body: expected }]);
    const created = run.changes!.find((c) => c.result === "applied")!;
    expect(created).toMatchObject({ policyId: null, request: `POST ${POLICIES}` });
    const policyId = created.createdPolicyId!;
    const row = await prisma.remediationChange.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ action: "create-service-account-policy", result: "applied", graphStatus: 201 });
    expect(row.requestBody).toEqual(expected);

    // The overview finds it by its name and adopts its id.
    const overview = await partnerOverview(ctx);
    expect(overview.dedicated).toMatchObject({ id: policyId, enforced: false, drift: [] });
    expect((await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId).toBe(policyId);
    expect(overview.policies.filter((p) => p.dedicated).map((p) => p.id)).toEqual([policyId]);

    // Again: the preview says it exists and offers nothing to confirm; nothing is sent.
    const seq2 = lastSeq();
    const again = await previewPartnerChange("create-service-account-policy", admin, ctx);
    expect(again.policies.map((p) => [p.policyId, p.outcome, p.request])).toEqual([[policyId, "exists", null]]);
    await expect(
      confirmRun({ prisma, queue: new KeptQueue(), runId: again.runId, confirmedNeedsReview: [], ticket: null, confirmedBy: admin }),
    ).rejects.toThrow(/Nothing to change/);
    expect(writesSince(seq2)).toEqual([]);

    const checklist = await checklistState(ctx);
    expect([item(checklist, "excluded-everywhere").done, item(checklist, "dedicated-exists").done, item(checklist, "dedicated-enforced").done]).toEqual([
      true,
      true,
      false,
    ]);
    expect(item(checklist, "dedicated-enforced").sentence).toMatch(/report-only: enforce it/);
  });

  it("a create confirmed from a preview made before someone else created the policy writes nothing", async () => {
    // Two people preview "create" while none exists; the first confirms; the second one's run finds it exists.
    const name = "MSP - automation account (race)";
    await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyName: name, dedicatedPolicyId: null } });
    try {
      const early = await previewPartnerChange("create-service-account-policy", admin, ctx);
      expect(early.policies[0]!.outcome).toBe("create");
      const { run: first } = await change("create-service-account-policy");
      expect(first.status).toBe("succeeded");
      const seq = lastSeq();
      const queue = new KeptQueue();
      await confirmRun({ prisma, queue, runId: early.runId, confirmedNeedsReview: [], ticket: null, confirmedBy: admin });
      for (const job of queue.jobs) await runTenantJob(workerDeps(queue), job.data);
      expect(writesSince(seq)).toEqual([]);
      const late = (await runView(prisma, early.runId))!;
      expect(late.policies).toMatchObject({ applied: 0, skipped: 1 });
      expect(late.changes![0]!.reason).toMatch(/exists already/);
    } finally {
      // The policy made here stays an ordinary policy; the first one is the dedicated one again.
      await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyName: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME, dedicatedPolicyId: null } });
      await partnerOverview(ctx);
    }
  });

  it("never touches the dedicated policy in the exclusion: the preview leaves it out and says why", async () => {
    const policyId = (await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } })).dedicatedPolicyId!;
    const preview = await previewPartnerChange("exclude-service-account", admin, ctx);
    expect(preview.leftOut).toEqual([{ policyId, name: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME, reason: expect.stringMatching(/dedicated policy/) }]);
    expect(preview.policies.map((p) => p.policyId)).not.toContain(policyId);
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
    const { preview, run } = await change("repair-service-account-policy");
    expect(run.status).toBe("succeeded");
    const planned = preview.policies[0]!;
    expect(planned).toMatchObject({ policyId, outcome: "repair" });
    const writes = writesSince(seq);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ apiVersion: "v1.0", method: "PATCH", path: `${POLICIES}/${policyId}`, status: 204 });
    expect(writes[0]!.body).toEqual(planned.request!.body); // exactly the previewed body
    const body = writes[0]!.body as { conditions: { users: Record<string, unknown>; signInRiskLevels: unknown } };
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
    expect(Object.keys(writes[0]!.body as object).sort()).toEqual(["conditions", "grantControls", "sessionControls"]);

    const live = (await partnerOverview(ctx)).dedicated;
    expect(live).toMatchObject({ id: policyId, drift: [], state: "enabledForReportingButNotEnforced" });
    const row = await prisma.remediationChange.findFirstOrThrow({ where: { runId: run.id } });
    expect(row).toMatchObject({ action: "repair-service-account-policy", result: "applied", requestMethod: "PATCH", policyId });
    expect(row.reason).toContain("It has exclusions");
    expect(serviceAccountPolicyDrift(row.after, { accountId: account.id })).toEqual([]);

    // Nothing left to repair: the preview offers nothing.
    expect((await previewPartnerChange("repair-service-account-policy", admin, ctx)).policies.map((p) => [p.outcome, p.request])).toEqual([["no-drift", null]]);
  });

  it("says plainly what enforcing changes and whom it could lock out, explains security defaults, then enforces", async () => {
    const preview = await previewPartnerChange("enforce-service-account-policy", admin, ctx);
    const planned = preview.policies[0]!;
    expect(planned).toMatchObject({ outcome: "enforce", request: { method: "PATCH", body: { state: "enabled" } } });
    expect(planned.warnings.join(" ")).toContain(`every sign-in of ${account.userPrincipalName} to any cloud app must pass multifactor authentication`);
    expect(planned.warnings.join(" ")).toMatch(/blocked, and with it the portal's delegated access to every customer/);

    await control("/_emulator/faults", { tenantId: partnerId, securityDefaults: true });
    const { run: refused } = await change("enforce-service-account-policy");
    expect(refused.status).toBe("failed");
    expect(refused.summary).toContain(SECURITY_DEFAULTS_EXPLANATION);
    const failedRow = await prisma.remediationChange.findFirstOrThrow({ where: { runId: refused.id } });
    expect(failedRow).toMatchObject({ action: "enforce-service-account-policy", result: "failed", graphStatus: 400, requestBody: { state: "enabled" } });
    expect(item(await checklistState(ctx), "dedicated-enforced").done).toBe(false);

    await control("/_emulator/faults", { tenantId: partnerId, securityDefaults: false });
    const seq = lastSeq();
    const { run: enforced } = await change("enforce-service-account-policy");
    expect(enforced.status).toBe("succeeded");
    expect(writesSince(seq).map((w) => [w.apiVersion, w.method, w.status, w.body])).toEqual([["v1.0", "PATCH", 204, { state: "enabled" }]]);
    const checklist = await checklistState(ctx);
    expect(item(checklist, "dedicated-enforced")).toMatchObject({ done: true, sentence: "The dedicated policy is enforced and has the expected shape." });
    expect((await previewPartnerChange("enforce-service-account-policy", admin, ctx)).policies[0]!.outcome).toBe("already-enforced");
  });

  it("retries once on /beta when v1.0 refuses 'every time' for all apps, and says so", async () => {
    // A new configured name: the existing policy is no longer the dedicated one, so one is created.
    const name = "MSP - automation account (beta)";
    await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyName: name, dedicatedPolicyId: null } });
    await control("/_emulator/faults", { v1RefusesEveryTimeForAllApps: true });
    try {
      const seq = lastSeq();
      const { run } = await change("create-service-account-policy");
      expect(run.status).toBe("succeeded");
      const body = buildServiceAccountPolicy({ accountId: account.id, displayName: name });
      expect(writesSince(seq)).toEqual([
        { apiVersion: "v1.0", method: "POST", path: POLICIES, status: 400, body },
        { apiVersion: "beta", method: "POST", path: POLICIES, status: 201, body },
      ]);
      const rows = await prisma.remediationChange.findMany({ where: { runId: run.id }, orderBy: { createdAt: "asc" } });
      expect(rows.map((r) => [r.requestPath, r.result, r.graphStatus])).toEqual([
        [POLICIES, "failed", 400],
        [`/beta${POLICIES}`, "applied", 201],
      ]);
      expect(rows[0]!.error).toMatch(/everyTime/);
      expect(rows[1]!.reason).toContain(`Sent through /beta: ${BETA_RETRY_NOTE}`);
      // The run counts the policy once: created (through /beta).
      expect(run.policies).toEqual({ applied: 1, skipped: 0, failed: 0, pending: 0 });

      // Every later write to that policy is judged on the whole policy: enforcing needs /beta too.
      await partnerOverview(ctx); // adopts the new policy's id
      const seq2 = lastSeq();
      const { run: enforced } = await change("enforce-service-account-policy");
      expect(enforced.status).toBe("succeeded");
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

  it("settles dedicated-policy writes a crash left pending, by re-reading, before the next write to the partner tenant", async () => {
    const row = await prisma.partnerSettings.findUniqueOrThrow({ where: { id: 1 } });
    const target = {
      action: "enforce-service-account-policy",
      accountObjectId: account.id,
      accountUpn: account.userPrincipalName,
      dedicatedPolicy: { dedicatedPolicyId: row.dedicatedPolicyId, dedicatedPolicyName: row.dedicatedPolicyName },
    };
    const run = await prisma.remediationRun.create({
      data: {
        kind: "service-account-fix",
        action: "enforce-service-account-policy",
        status: "running",
        requestedByUpn: admin.upn,
        target: target as unknown as Prisma.InputJsonValue,
        options: { scope: {}, offerNeedsReview: true },
      },
    });
    type Action = "create-service-account-policy" | "repair-service-account-policy" | "enforce-service-account-policy";
    const pending = (policyId: string | null, policyName: string, action: Action, body: Record<string, unknown>) =>
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
    // A repair whose body the live policy does not hold (the run's own action is enforce, so only the recorded request can tell).
    const notShown = await pending(row.dedicatedPolicyId, row.dedicatedPolicyName, "repair-service-account-policy", {
      conditions: { signInRiskLevels: ["high"] },
    });
    const shown = await pending(row.dedicatedPolicyId, row.dedicatedPolicyName, "enforce-service-account-policy", { state: "enabled" });
    await prisma.remediationRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date() } });

    // The next change to the partner tenant settles them first (the engine, before it writes): a repair of new drift.
    await control("/_emulator/faults", {
      tenantId: partnerId,
      editPolicy: { policyId: row.dedicatedPolicyId, patch: { conditions: { users: { excludeUsers: [breakGlassId] } } } },
    });
    const { run: next } = await change("repair-service-account-policy");
    expect(next.status).toBe("succeeded");
    const results = await prisma.remediationChange.findMany({ where: { id: { in: [made, neverMade, notShown, shown] } } });
    const byId = new Map(results.map((r) => [r.id, [r.result, r.error]]));
    expect([made, neverMade, notShown, shown].map((id) => byId.get(id))).toEqual([
      ["applied", RECONCILED_APPLIED],
      ["failed", RECONCILED_FAILED],
      ["failed", RECONCILED_FAILED],
      ["applied", RECONCILED_APPLIED],
    ]);
    expect(await prisma.remediationChange.count({ where: { tenantId: partnerId, result: "pending" } })).toBe(0);
  });
});
