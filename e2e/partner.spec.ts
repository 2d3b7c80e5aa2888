// Issue 6 against the demo stack: the partner tenant page hardens the automation service account.
// Each test arranges the partner tenant it needs (policies edited or deleted in the local cloud,
// faults of the partner tenant only) and asserts writes relative to the request log's sequence, so
// the tests run in any order and after any other spec.
import { expect, test, type Page } from "@playwright/test";
import { editPolicyBehindTheBack, lastSeq, plannedChanges } from "./support/fix";
import { fleet, staff } from "./support/local-cloud";
import {
  checklistItem,
  chooseAccount,
  clearPartnerFaults,
  DEDICATED_NAME,
  dedicatedWrite,
  deleteDedicatedPolicies,
  livePolicies,
  livePolicy,
  openExclusionPreview,
  openPartnerPage,
  partnerFacts,
  partnerFault,
  policyRow,
  writesSince,
  type PartnerFacts,
  type PartnerPolicy,
} from "./support/partner";
import { ensureConnected, signInAs } from "./support/portal";

const POLICIES = "/identity/conditionalAccess/policies";
const CREATE = "Create dedicated policy (report-only)";
const SEEDED = ["MSP-001", "MSP-002", "MSP-003", "MSP-004", "MSP-005", "MSP-006"];

/** The dedicated policy as the issue describes it: only the account, all cloud apps, all client apps, MFA at every sign-in, nothing excluded. */
const expectedDedicated = (accountId: string) => ({
  displayName: DEDICATED_NAME,
  state: "enabledForReportingButNotEnforced",
  conditions: { users: { includeUsers: [accountId] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" } },
});

const seeded = (policies: PartnerPolicy[], prefix: string) => {
  const p = policies.find((x) => x.displayName.startsWith(prefix));
  if (!p) throw new Error(`no policy ${prefix} in the partner tenant`);
  return p;
};

/**
 * Puts the seeded policies' excludeUsers in a known state: those in `lacking` without the service
 * account (old entries: the break-glass account, MSP-003 also the technician), the rest with it.
 */
async function arrangeExclusions(facts: PartnerFacts, lacking: string[]): Promise<Map<string, string[]>> {
  const old = new Map<string, string[]>();
  for (const prefix of SEEDED) {
    const policy = seeded(await livePolicies(facts.tenantId), prefix);
    const kept = prefix === "MSP-003" ? [facts.breakGlassId, facts.technicianId] : [facts.breakGlassId];
    const excludeUsers = lacking.includes(prefix) ? kept : [...kept, facts.serviceAccount.id];
    await editPolicyBehindTheBack(facts.tenantId, policy.id, { conditions: { users: { excludeUsers } } });
    old.set(policy.id, kept);
  }
  return old;
}

/** Connected, the seeded service account chosen (as the admin), the partner tenant without faults. */
async function prepare(page: Page, facts: PartnerFacts): Promise<void> {
  await clearPartnerFaults(facts.tenantId);
  await ensureConnected(page);
  await openPartnerPage(page);
  await chooseAccount(page, "svc", facts.serviceAccount.userPrincipalName);
}

async function asOperator(page: Page): Promise<void> {
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/partner");
  await openPartnerPage(page);
}

/** The history of one run, reached through the result's own link. */
async function historyOfResult(page: Page, link: ReturnType<Page["getByRole"]>) {
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/history\?run=[0-9a-f-]{36}$/);
  await page.goto(href!);
  return page.getByRole("grid", { name: "Remediation history" });
}

test.describe("the partner tenant: hardening the automation service account", () => {
  test("choosing the seeded service account: the page lists every partner policy and which exclude it; a reader only views", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await arrangeExclusions(facts, ["MSP-003"]);
    await clearPartnerFaults(facts.tenantId);
    await ensureConnected(page);
    await openPartnerPage(page);

    // Another account first, then the seeded one: the choice is made (and stored) whatever it was.
    await chooseAccount(page, "Taylor", "technician@tailwindmsp.onmicrosoft.com", "Taylor Technician");
    await chooseAccount(page, "svc", svc.userPrincipalName, "Portal automation (service account)");
    await page.reload();
    await openPartnerPage(page);
    await expect(page.getByTestId("chosen-account")).toContainText(svc.userPrincipalName);

    // Every live policy, with whether it excludes the account as Graph has it.
    const live = await livePolicies(facts.tenantId);
    await expect(page.getByTestId("policy")).toHaveCount(live.length);
    for (const p of live) {
      const row = policyRow(page, p.id);
      await expect(row).toContainText(p.displayName);
      if (p.displayName === DEDICATED_NAME) await expect(row.getByTestId("dedicated-chip")).toHaveText("Dedicated policy");
      else if (p.conditions.users.excludeUsers.includes(svc.id)) await expect(row).toHaveAttribute("data-outcome", "already-excluded");
      else await expect(row).not.toHaveAttribute("data-outcome", "already-excluded");
    }
    const lacking = policyRow(page, seeded(live, "MSP-003").id);
    await expect(lacking).toHaveAttribute("data-outcome", "patch");
    await expect(lacking).toContainText("Account not excluded");
    const excluded = policyRow(page, seeded(live, "MSP-004").id);
    await expect(excluded).toContainText("Account excluded");

    // lib/ca's description, naming the account by its UPN.
    await excluded.getByRole("button", { expanded: false }).first().click();
    await expect(excluded).toContainText(`${svc.userPrincipalName} (the service account)`);

    // A reader sees the same, and nothing that changes anything.
    const reader = await browser.newPage();
    await signInAs(reader, "Portal.Reader", "/partner");
    await openPartnerPage(reader);
    await expect(reader.getByTestId("chosen-account")).toContainText(svc.userPrincipalName);
    await expect(reader.getByTestId("policy")).toHaveCount(live.length);
    await expect(reader.getByRole("button", { name: /Preview exclusion|Create dedicated policy|Repair|Enforce|Search|I have removed|Withdraw/ })).toHaveCount(
      0,
    );
    await reader.close();
  });

  test("excluding the account: one PATCH per policy that lacked it, excludeUsers sent whole, nothing else written; history records each", async ({ page }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    const old = await arrangeExclusions(facts, ["MSP-001", "MSP-002", "MSP-003", "MSP-006"]);
    const live = await livePolicies(facts.tenantId);
    const lackingIds = ["MSP-001", "MSP-002", "MSP-003", "MSP-006"].map((prefix) => seeded(live, prefix).id);
    await asOperator(page);

    const dialog = await openExclusionPreview(page);
    const planned = await plannedChanges(dialog);
    expect(planned.map((c) => c.policyId).sort()).toEqual([...lackingIds].sort());
    for (const change of planned) {
      expect(change.path).toBe(`${POLICIES}/${change.policyId}`);
      // Only conditions.users.excludeUsers, whole: the old entries, then the account.
      expect(change.body).toEqual({ conditions: { users: { excludeUsers: [...old.get(change.policyId)!, svc.id] } } });
    }
    const technicianPolicy = dialog.getByRole("region", { name: seeded(live, "MSP-003").displayName });
    await expect(technicianPolicy.getByTestId("users-after")).toContainText(`${svc.userPrincipalName} (the service account)`);
    await expect(technicianPolicy.getByTestId("users-json-before")).toContainText(facts.technicianId);
    await page.screenshot({ path: "test-results/screenshots/partner-preview.png" });

    const seq = await lastSeq(facts.tenantId);
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    const result = dialog.getByTestId("exclusion-result");
    await expect(result).toContainText(`Finished: ${planned.length} applied, 0 skipped, 0 failed.`, { timeout: 60_000 });
    for (const change of planned)
      await expect(dialog.getByRole("region", { name: change.name }).getByTestId("policy-result")).toHaveAttribute("data-result", "applied");

    // What reached the cloud: exactly one PATCH per planned policy, with the previewed body.
    const writes = await writesSince(facts.tenantId, seq);
    expect(writes.map((w) => `${w.method} ${w.apiVersion} ${w.path}`).sort()).toEqual(planned.map((c) => `PATCH v1.0 ${c.path}`).sort());
    for (const change of planned) expect(writes.filter((w) => w.path === change.path).map((w) => w.requestBody)).toEqual([change.body]);
    for (const id of lackingIds) expect((await livePolicy(facts.tenantId, id)).conditions.users.excludeUsers).toEqual([...old.get(id)!, svc.id]);

    // History: each policy's change, under the partner tenant's name.
    const grid = await historyOfResult(page, result.getByRole("link", { name: "See it in the history" }));
    await expect(grid.getByRole("row").filter({ hasText: "Exclude the service account" })).toHaveCount(planned.length);
    for (const change of planned) {
      await expect(
        grid.getByRole("row").filter({ hasText: change.name }).filter({ hasText: "applied" }).filter({ hasText: "Partner tenant (MSP)" }),
      ).toHaveCount(1);
    }
  });

  test("the dedicated policy: one POST of the expected shape, no second policy when created again, drift shown and repaired", async ({ page }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    await deleteDedicatedPolicies(facts.tenantId);
    await asOperator(page);
    // A second tab opened before the policy exists still offers to create it.
    const stale = await page.context().newPage();
    await openPartnerPage(stale);
    await expect(stale.getByRole("button", { name: CREATE })).toBeVisible();

    const seq = await lastSeq(facts.tenantId);
    const created = await dedicatedWrite(page, CREATE);
    await expect(created).toHaveAttribute("data-outcome", "created");
    await expect(created).toContainText(`The dedicated policy "${DEDICATED_NAME}" was created (report-only).`);
    const writes = await writesSince(facts.tenantId, seq);
    expect(writes.map((w) => [w.method, w.apiVersion, w.path, w.status])).toEqual([["POST", "v1.0", POLICIES, 201]]);
    expect(writes[0]!.requestBody).toEqual(expectedDedicated(svc.id));
    const [policy, ...others] = (await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME);
    expect(others).toEqual([]);
    await expect(policyRow(page, policy!.id).getByTestId("dedicated-chip")).toBeVisible();
    await expect(page.getByTestId("dedicated-state")).toHaveText("Report-only");
    await expect(page.getByRole("button", { name: CREATE })).toHaveCount(0);

    // Creating again (from the stale tab) reports the existing policy and sends nothing.
    const again = await dedicatedWrite(stale, CREATE);
    await expect(again).toHaveAttribute("data-outcome", "exists");
    await expect(again).toContainText("exists already and has the expected shape; nothing was created");
    expect(await writesSince(facts.tenantId, seq)).toHaveLength(1);
    expect((await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME)).toHaveLength(1);
    await expect(stale.getByRole("button", { name: CREATE })).toHaveCount(0);
    await stale.close();

    // Someone adds an exclusion in the admin center: the page shows the drift and repairs it.
    await editPolicyBehindTheBack(facts.tenantId, policy!.id, { conditions: { users: { excludeUsers: [facts.breakGlassId] } } });
    await page.reload();
    await openPartnerPage(page);
    await expect(page.getByTestId("drift")).toContainText(/exclu/i);
    await expect(page.getByRole("button", { name: "Enforce" })).toHaveCount(0);
    const seq2 = await lastSeq(facts.tenantId);
    const repaired = await dedicatedWrite(page, "Repair");
    await expect(repaired).toHaveAttribute("data-outcome", "repaired");
    await expect(repaired).toContainText("The dedicated policy was repaired.");
    const repairs = await writesSince(facts.tenantId, seq2);
    expect(repairs.map((w) => [w.method, w.apiVersion, w.path])).toEqual([["PATCH", "v1.0", `${POLICIES}/${policy!.id}`]]);
    expect(repairs[0]!.requestBody).toMatchObject({ conditions: { users: { includeUsers: [svc.id], excludeUsers: [] } } });
    const restored = await livePolicy(facts.tenantId, policy!.id);
    expect(restored).toMatchObject({
      ...expectedDedicated(svc.id),
      conditions: { users: { includeUsers: [svc.id], excludeUsers: [], excludeGroups: [], excludeRoles: [] } },
    });
    await expect(page.getByTestId("drift")).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole("button", { name: "Enforce" })).toBeVisible();

    const grid = await historyOfResult(page, repaired.getByRole("link", { name: "See it in the history" }));
    await expect(grid.getByRole("row").filter({ hasText: "Repair the dedicated policy" }).filter({ hasText: "applied" })).toHaveCount(1);
  });

  test("Graph v1.0 refusing 'every time' for all apps: one refused v1.0 attempt, one /beta retry, and the result says so", async ({ page }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    await prepare(page, facts);
    await deleteDedicatedPolicies(facts.tenantId);
    await partnerFault(facts.tenantId, { v1RefusesEveryTimeForAllApps: true });
    try {
      await asOperator(page);
      const seq = await lastSeq(facts.tenantId);
      const result = await dedicatedWrite(page, CREATE);
      await expect(result).toHaveAttribute("data-outcome", "created");
      await expect(result).toContainText("Graph v1.0 refused sign-in frequency 'every time' for all cloud apps; created through /beta.");
      const writes = await writesSince(facts.tenantId, seq);
      expect(writes.map((w) => [w.method, w.apiVersion, w.path, w.status])).toEqual([
        ["POST", "v1.0", POLICIES, 400],
        ["POST", "beta", POLICIES, 201],
      ]);
      expect(writes[1]!.requestBody).toEqual(writes[0]!.requestBody);
      expect(writes[1]!.requestBody).toEqual(expectedDedicated(facts.serviceAccount.id));
      expect((await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME)).toHaveLength(1);

      // History keeps both attempts; the retry is marked as a /beta request.
      const grid = await historyOfResult(page, result.getByRole("link", { name: "See it in the history" }));
      const rows = grid.getByRole("row").filter({ hasText: "Create the dedicated policy" });
      await expect(rows).toHaveCount(2);
      await expect(rows.filter({ hasText: "beta" }).filter({ hasText: "applied" })).toHaveCount(1);
      await expect(rows.filter({ hasText: "v1.0" })).toHaveCount(1);
      await rows.filter({ hasText: "beta" }).click();
      await expect(page.getByTestId("change-request")).toContainText(`Request: POST /beta${POLICIES}`);
    } finally {
      await clearPartnerFaults(facts.tenantId);
    }
  });

  test("the checklist follows each step, on the page and the dashboard; the attestation records the admin and the time", async ({ page }) => {
    test.setTimeout(240_000);
    const facts = await partnerFacts();
    const admin = staff(await fleet(), "Portal.Admin");
    await prepare(page, facts);
    await deleteDedicatedPolicies(facts.tenantId);
    await arrangeExclusions(facts, ["MSP-003"]);
    await page.reload();
    await openPartnerPage(page);
    const checklist = page.getByTestId("partner-checklist");
    const withdraw = checklist.getByRole("button", { name: "Withdraw the attestation" });
    await expect(checklist).toHaveAttribute("data-done", /true|false/, { timeout: 30_000 });
    if ((await withdraw.count()) > 0) await withdraw.click();
    const attest = checklist.getByRole("button", { name: "I have removed the classic MFA trusted IPs" });
    await expect(attest).toBeVisible();

    const state = async (scope: Page | ReturnType<Page["getByTestId"]>, expected: Record<string, boolean>) => {
      for (const [key, done] of Object.entries(expected))
        await expect(checklistItem(scope, key)).toHaveAttribute("data-done", String(done), { timeout: 30_000 });
    };
    await state(checklist, { "excluded-everywhere": false, "dedicated-exists": false, "dedicated-enforced": false, "trusted-ips-removed": false });
    await expect(checklistItem(checklist, "excluded-everywhere")).toContainText("MSP-003");
    await expect(checklist.getByRole("link", { name: "The legacy per-user MFA service settings" })).toHaveAttribute(
      "href",
      "https://account.activedirectory.windowsazure.com/usermanagement/mfasettings.aspx",
    );

    await page.goto("/");
    const card = page.getByTestId("dashboard-partner-checklist");
    await expect(card).toContainText("0 of 4 done.");
    await state(card, { "excluded-everywhere": false, "dedicated-exists": false, "dedicated-enforced": false, "trusted-ips-removed": false });
    await card.getByRole("link", { name: "Open the partner tenant" }).click();
    await openPartnerPage(page);

    // 1. The exclusion.
    const dialog = await openExclusionPreview(page);
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect(dialog.getByTestId("exclusion-result")).toContainText("1 applied", { timeout: 60_000 });
    await dialog.getByRole("button", { name: "Close" }).click();
    await state(checklist, { "excluded-everywhere": true, "dedicated-exists": false, "dedicated-enforced": false });

    // 2. The dedicated policy, report-only.
    await dedicatedWrite(page, CREATE);
    await state(checklist, { "excluded-everywhere": true, "dedicated-exists": true, "dedicated-enforced": false });
    await expect(checklistItem(checklist, "dedicated-enforced")).toContainText("report-only");

    // 3. Enforcing: refused while security defaults are on (explained), then done.
    await partnerFault(facts.tenantId, { securityDefaults: true });
    try {
      const refused = await dedicatedWrite(page, "Enforce");
      await expect(refused).toHaveAttribute("data-problem", "security-defaults");
      await expect(refused).toContainText("Security defaults are on in the partner tenant");
      await expect(refused).toContainText("Turn security defaults off first");
    } finally {
      await partnerFault(facts.tenantId, { securityDefaults: false });
    }
    await state(checklist, { "dedicated-enforced": false });
    const enforced = await dedicatedWrite(page, "Enforce");
    await expect(enforced).toHaveAttribute("data-outcome", "enforced");
    await state(checklist, { "dedicated-exists": true, "dedicated-enforced": true });
    await expect(page.getByTestId("dedicated-state")).toHaveText("On");

    // 4. The attestation: who and when.
    const before = Date.now();
    await attest.click();
    await state(checklist, { "trusted-ips-removed": true });
    const attestation = checklist.getByTestId("attestation");
    await expect(attestation).toContainText(`Attested by ${admin.userPrincipalName} on`);
    const at = Date.parse((await attestation.locator("time").getAttribute("datetime")) ?? "");
    expect(at).toBeGreaterThanOrEqual(before - 5_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 5_000);
    await expect(checklist).toHaveAttribute("data-done", "true");
    await expect(checklist).toContainText("All done.");
    // Tall enough for the whole page, taken from the top (a full-page shot would repeat the fixed app bar).
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "test-results/screenshots/partner.png" });

    await page.goto("/");
    await expect(card).toContainText("All done.");
    await state(card, { "excluded-everywhere": true, "dedicated-exists": true, "dedicated-enforced": true, "trusted-ips-removed": true });
    await card.screenshot({ path: "test-results/screenshots/dashboard-partner.png" });
    await page.screenshot({ path: "test-results/screenshots/dashboard.png", fullPage: true });
  });

  test("the dashboard still loads when the partner tenant cannot be read, and its card says why", async ({ page }) => {
    test.setTimeout(120_000);
    const facts = await partnerFacts();
    await ensureConnected(page);
    // Without Entra ID P1 Graph refuses every Conditional Access read in the tenant.
    await partnerFault(facts.tenantId, { licence: { entraP1: false } });
    try {
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
      const card = page.getByTestId("dashboard-partner-checklist");
      await expect(card).toContainText("The partner tenant's policies could not be read");
      await expect(checklistItem(card, "dedicated-exists")).toHaveAttribute("data-done", "false");
      await expect(card.getByRole("link", { name: "Open the partner tenant" })).toHaveAttribute("href", "/partner");
    } finally {
      await partnerFault(facts.tenantId, { licence: { entraP1: true } });
    }
  });
});
