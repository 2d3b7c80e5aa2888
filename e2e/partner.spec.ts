// Issue 6 against the demo stack: the partner tenant page hardens the automation service account.
// Each test arranges the partner tenant it needs (policies edited or deleted in the local cloud,
// faults of the partner tenant only) and asserts writes relative to the request log's sequence, so
// the tests run in any order and after any other spec.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { confirmAndWait, editPolicyBehindTheBack, lastSeq, plannedChanges, type PlannedChange } from "./support/fix";
import { fleet, staff } from "./support/local-cloud";
import {
  arrangeDedicatedPolicy,
  checklistItem,
  chooseAccount,
  clearPartnerFaults,
  closeWithoutConfirming,
  DEDICATED_CHANGE,
  DEDICATED_NAME,
  deleteDedicatedPolicies,
  expectedDedicated,
  livePolicies,
  livePolicy,
  openDedicatedPreview,
  openExclusionPreview,
  openPartnerPage,
  partnerFacts,
  partnerFault,
  policyRow,
  writesSince,
  type DedicatedChange,
  type LoggedWrite,
  type PartnerFacts,
  type PartnerPolicy,
} from "./support/partner";
import { ensureConnected, signInAs } from "./support/portal";

const POLICIES = "/identity/conditionalAccess/policies";
const SEEDED = ["MSP-001", "MSP-002", "MSP-003", "MSP-004", "MSP-005", "MSP-006"];

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

/** The history of the dialog's run: its own link, shown once the run has ended. */
async function historyHref(dialog: Locator): Promise<string> {
  const href = await dialog.getByTestId("run-status").getByRole("link", { name: "See it in the history" }).getAttribute("href");
  expect(href).toMatch(/^\/history\?run=[0-9a-f-]{36}$/);
  return href!;
}

async function openHistory(page: Page, href: string) {
  await page.goto(href);
  return page.getByRole("grid", { name: "Remediation history" });
}

/** The one request a dedicated-policy preview plans, as the dialog shows it (its request line and body). */
async function previewedRequest(dialog: Locator): Promise<PlannedChange> {
  const planned = await plannedChanges(dialog);
  expect(planned, "requests planned by the preview").toHaveLength(1);
  return planned[0]!;
}

/** What reached the partner tenant: method, Graph version, path and status of each write. */
const shape = (writes: LoggedWrite[]) => writes.map((w) => [w.method, w.apiVersion, w.path, w.status]);

/**
 * One of the dedicated policy's changes as a person makes it, checked against the request log at
 * every step: the preview (the exact request) is read and nothing is written; closed without
 * confirming, nothing is written; opened again it plans the same request, still unwritten; then
 * the confirm button, the run to its end, and what was written since the first opening.
 */
async function previewThenConfirm(page: Page, facts: PartnerFacts, change: DedicatedChange) {
  const seq = await lastSeq(facts.tenantId);
  const closed = await openDedicatedPreview(page, change);
  const previewed = await previewedRequest(closed);
  expect(await writesSince(facts.tenantId, seq), "writes after the preview").toEqual([]);
  await closeWithoutConfirming(closed);
  expect(await writesSince(facts.tenantId, seq), "writes after closing the preview").toEqual([]);

  const dialog = await openDedicatedPreview(page, change);
  expect(await previewedRequest(dialog)).toEqual(previewed);
  expect(await writesSince(facts.tenantId, seq), "writes before the confirmation").toEqual([]);
  expect(await confirmAndWait(dialog, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE[change].confirm })).toBe("succeeded");
  await expect(dialog.getByRole("region", { name: previewed.name }).getByTestId("policy-result")).toHaveAttribute("data-result", "applied");
  return { previewed, dialog, writes: await writesSince(facts.tenantId, seq) };
}

/** As an admin, in Settings: whether every change must carry a ticket reference (checked after a reload: it is stored). */
async function requireTicket(admin: Page, on: boolean): Promise<void> {
  await admin.goto("/settings");
  const toggle = admin.getByRole("switch", { name: "Require a ticket reference for every change" });
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
  await admin.reload();
  await expect(toggle).toBeChecked({ checked: on });
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

    const seq = await lastSeq(facts.tenantId);
    const dialog = await openExclusionPreview(page);
    const planned = await plannedChanges(dialog);
    expect(planned.map((c) => c.policyId).sort()).toEqual([...lackingIds].sort());
    for (const change of planned) {
      expect(change.method).toBe("PATCH");
      expect(change.path).toBe(`${POLICIES}/${change.policyId}`);
      // Only conditions.users.excludeUsers, whole: the old entries, then the account.
      expect(change.body).toEqual({ conditions: { users: { excludeUsers: [...old.get(change.policyId)!, svc.id] } } });
    }
    const technicianPolicy = dialog.getByRole("region", { name: seeded(live, "MSP-003").displayName });
    await expect(technicianPolicy.getByTestId("users-after")).toContainText(`${svc.userPrincipalName} (the service account)`);
    await expect(technicianPolicy.getByTestId("users-json-before")).toContainText(facts.technicianId);
    await page.screenshot({ path: "test-results/screenshots/partner-preview.png" });
    expect(await writesSince(facts.tenantId, seq), "writes before the confirmation").toEqual([]);

    expect(await confirmAndWait(dialog, { approvedBySecondAdmin: true })).toBe("succeeded");
    await expect(dialog.getByTestId("run-status")).toContainText(`Finished: ${planned.length} applied, 0 skipped, 0 failed.`);
    for (const change of planned)
      await expect(dialog.getByRole("region", { name: change.name }).getByTestId("policy-result")).toHaveAttribute("data-result", "applied");

    // What reached the cloud: exactly one PATCH per planned policy, with the previewed body.
    const writes = await writesSince(facts.tenantId, seq);
    expect(writes.map((w) => `${w.method} ${w.apiVersion} ${w.path}`).sort()).toEqual(planned.map((c) => `PATCH v1.0 ${c.path}`).sort());
    for (const change of planned) expect(writes.filter((w) => w.path === change.path).map((w) => w.requestBody)).toEqual([change.body]);
    for (const id of lackingIds) expect((await livePolicy(facts.tenantId, id)).conditions.users.excludeUsers).toEqual([...old.get(id)!, svc.id]);

    // History: each policy's change, under the partner tenant's name.
    const grid = await openHistory(page, await historyHref(dialog));
    await expect(grid.getByRole("row").filter({ hasText: "Exclude the service account" })).toHaveCount(planned.length);
    for (const change of planned) {
      await expect(
        grid
          .getByRole("row")
          .filter({ hasText: change.name })
          .filter({ hasText: "applied" })
          .filter({ hasText: /Partner tenant \(MSP\)|\(partner tenant\)/ }),
      ).toHaveCount(1);
    }
  });

  test("creating the dedicated policy: the preview shows the exact POST, nothing is written until 'Create it', then exactly the previewed body; no second policy", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    await deleteDedicatedPolicies(facts.tenantId);
    await asOperator(page);
    await expect(page.getByTestId("dedicated-missing")).toBeVisible();
    // A second tab whose preview was read before the policy existed, confirmed only after it was created.
    const stale = await page.context().newPage();
    await openPartnerPage(stale);
    const staleDialog = await openDedicatedPreview(stale, "create");

    const { previewed, dialog, writes } = await previewThenConfirm(page, facts, "create");
    // The preview: the whole policy to be, in words, and the exact request.
    expect(previewed).toMatchObject({ method: "POST", path: POLICIES, name: DEDICATED_NAME, policyId: "" });
    expect(previewed.body).toEqual(expectedDedicated(svc.id));
    await expect(dialog.getByTestId("policy-before")).toHaveText("(no policy)");
    const after = dialog.getByTestId("policy-after");
    await expect(after).toContainText(`Name: ${DEDICATED_NAME}`);
    await expect(after).toContainText("State: Report-only");
    await expect(after).toContainText(`${svc.userPrincipalName} (the service account)`);
    // The log: exactly one write, the previewed POST, accepted by v1.0.
    expect(shape(writes)).toEqual([["POST", "v1.0", POLICIES, 201]]);
    expect(writes[0]!.requestBody).toEqual(previewed.body);
    const [policy, ...others] = (await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME);
    expect(others).toEqual([]);
    expect(policy).toMatchObject(expectedDedicated(svc.id));
    const history = await historyHref(dialog);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(policyRow(page, policy!.id).getByTestId("dedicated-chip")).toBeVisible();
    await expect(page.getByTestId("dedicated-state")).toHaveText("Report-only");
    await expect(page.getByRole("button", { name: DEDICATED_CHANGE.create.button })).toHaveCount(0);

    // The stale tab's preview, confirmed now: the policy is re-read, found, and nothing is created.
    const seq = await lastSeq(facts.tenantId);
    expect(await confirmAndWait(staleDialog, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.create.confirm })).toBe("succeeded");
    const skipped = staleDialog.getByRole("region", { name: DEDICATED_NAME }).getByTestId("policy-result");
    await expect(skipped).toHaveAttribute("data-result", "skipped");
    await expect(skipped).toContainText("exists already");
    expect(await writesSince(facts.tenantId, seq)).toEqual([]);
    expect((await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME)).toHaveLength(1);
    await staleDialog.getByRole("button", { name: "Close" }).click();
    await expect(stale.getByRole("button", { name: DEDICATED_CHANGE.create.button })).toHaveCount(0);
    await stale.close();

    const grid = await openHistory(page, history);
    await expect(grid.getByRole("row").filter({ hasText: "Create the dedicated policy" }).filter({ hasText: "applied" })).toHaveCount(1);
  });

  test("repairing the dedicated policy: the drift is shown, the preview's PATCH is exactly what is written after 'Repair it', and the shape is restored", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    const policy = await arrangeDedicatedPolicy(facts.tenantId, svc.id);
    // Someone adds an exclusion in the admin center: the page shows the drift and offers the repair, not the enforcement.
    await editPolicyBehindTheBack(facts.tenantId, policy.id, { conditions: { users: { excludeUsers: [facts.breakGlassId] } } });
    await asOperator(page);
    await expect(page.getByTestId("drift")).toContainText(/exclu/i);
    await expect(page.getByRole("button", { name: DEDICATED_CHANGE.enforce.button })).toHaveCount(0);

    const { previewed, dialog, writes } = await previewThenConfirm(page, facts, "repair");
    expect(previewed).toMatchObject({ method: "PATCH", path: `${POLICIES}/${policy.id}`, policyId: policy.id });
    expect(previewed.body).toMatchObject({ conditions: { users: { includeUsers: [svc.id], excludeUsers: [] } } });
    await expect(dialog.getByTestId("policy-before")).toContainText(facts.breakGlassId);
    await expect(dialog.getByTestId("policy-after")).not.toContainText(facts.breakGlassId);
    // The log: exactly one PATCH, with exactly the previewed body.
    expect(shape(writes)).toEqual([["PATCH", "v1.0", `${POLICIES}/${policy.id}`, 204]]);
    expect(writes[0]!.requestBody).toEqual(previewed.body);
    const restored = await livePolicy(facts.tenantId, policy.id);
    expect(restored).toMatchObject({
      ...expectedDedicated(svc.id),
      conditions: { users: { includeUsers: [svc.id], excludeUsers: [], excludeGroups: [], excludeRoles: [] } },
    });
    const history = await historyHref(dialog);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("drift")).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole("button", { name: DEDICATED_CHANGE.enforce.button })).toBeVisible();

    const grid = await openHistory(page, history);
    await expect(grid.getByRole("row").filter({ hasText: "Repair the dedicated policy" }).filter({ hasText: "applied" })).toHaveCount(1);
  });

  test("enforcing the dedicated policy: the preview warns whom it could lock out, and only 'Enforce it' sends PATCH {state: enabled}", async ({ page }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    const policy = await arrangeDedicatedPolicy(facts.tenantId, svc.id);
    await asOperator(page);
    await expect(page.getByTestId("dedicated-state")).toHaveText("Report-only");

    // The preview, read before anything is written: what enforcing changes and whom it could lock out.
    const seq = await lastSeq(facts.tenantId);
    const preview = await openDedicatedPreview(page, "enforce");
    const section = preview.getByRole("region", { name: DEDICATED_NAME });
    await expect(preview).toContainText("Enforcing switches the policy from report-only to on.");
    await expect(section.getByTestId("policy-before")).toContainText("State: Report-only");
    await expect(section.getByTestId("policy-after")).toContainText("State: On (enabled)");
    const lockOut = section.getByRole("alert").filter({ hasText: "is blocked, and with it the portal's delegated access to every customer" });
    await expect(lockOut).toHaveCount(1);
    await expect(lockOut).toContainText(`Anything that signs in as ${svc.userPrincipalName} without completing MFA`);
    await expect(
      section.getByRole("alert").filter({ hasText: `every sign-in of ${svc.userPrincipalName} to any cloud app must pass multifactor` }),
    ).toHaveCount(1);
    await expect(preview.getByRole("button", { name: DEDICATED_CHANGE.enforce.confirm })).toBeEnabled();
    // The screenshot for docs/: the top of the dialog (title, intro, warnings, the policy before and after).
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.screenshot({ path: "docs/screenshots/dedicated-enforce-preview.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await writesSince(facts.tenantId, seq)).toEqual([]);
    await closeWithoutConfirming(preview);

    const { previewed, dialog, writes } = await previewThenConfirm(page, facts, "enforce");
    expect(previewed).toMatchObject({ method: "PATCH", path: `${POLICIES}/${policy.id}`, policyId: policy.id });
    expect(previewed.body).toEqual({ state: "enabled" });
    // The log: exactly one PATCH {"state":"enabled"} since the first preview was opened.
    expect(shape(writes)).toEqual([["PATCH", "v1.0", `${POLICIES}/${policy.id}`, 204]]);
    expect(writes[0]!.requestBody).toEqual({ state: "enabled" });
    expect(shape(await writesSince(facts.tenantId, seq))).toEqual(shape(writes));
    expect((await livePolicy(facts.tenantId, policy.id)).state).toBe("enabled");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("dedicated-state")).toHaveText("On");
    await expect(page.getByRole("button", { name: DEDICATED_CHANGE.enforce.button })).toHaveCount(0);
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
      const dialog = await openDedicatedPreview(page, "create");
      const previewed = await previewedRequest(dialog);
      expect(await confirmAndWait(dialog, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.create.confirm })).toBe("succeeded");
      const result = dialog.getByTestId("policy-result");
      await expect(result).toHaveAttribute("data-result", "applied");
      await expect(result).toContainText("/beta");
      await expect(result).toContainText("Graph v1.0 refused sign-in frequency 'every time' for all cloud apps");
      const writes = await writesSince(facts.tenantId, seq);
      expect(shape(writes)).toEqual([
        ["POST", "v1.0", POLICIES, 400],
        ["POST", "beta", POLICIES, 201],
      ]);
      expect(writes[0]!.requestBody).toEqual(previewed.body);
      expect(writes[1]!.requestBody).toEqual(previewed.body);
      expect(writes[1]!.requestBody).toEqual(expectedDedicated(facts.serviceAccount.id));
      expect((await livePolicies(facts.tenantId)).filter((p) => p.displayName === DEDICATED_NAME)).toHaveLength(1);

      // History keeps both attempts; the retry is marked as a /beta request.
      const grid = await openHistory(page, await historyHref(dialog));
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

  test("a ticket reference required by Settings: Confirm stays disabled until one is typed; the history and the dashboard show it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const svc = facts.serviceAccount;
    await prepare(page, facts);
    await arrangeExclusions(facts, ["MSP-002", "MSP-005"]);
    const admin = await browser.newPage();
    await signInAs(admin, "Portal.Admin", "/settings");
    const ticket = `PSA-${Date.now()}`;
    try {
      await requireTicket(admin, true);
      await expect(admin.getByTestId("ticket-setting")).toContainText(`Last changed by ${staff(await fleet(), "Portal.Admin").userPrincipalName}`);
      await asOperator(page);

      const dialog = await openExclusionPreview(page);
      const planned = await plannedChanges(dialog);
      expect(planned).toHaveLength(2);
      const confirm = dialog.getByRole("button", { name: /^Confirm/ });
      const field = dialog.getByTestId("ticket");
      await expect(dialog.getByLabel("Ticket reference (required)")).toBeVisible();
      await expect(confirm).toBeDisabled();
      await field.fill("   "); // blanks are no ticket
      await expect(confirm).toBeDisabled();
      const seq = await lastSeq(facts.tenantId);
      await field.fill(ticket);
      await expect(confirm).toBeEnabled();
      await field.fill("");
      await expect(confirm).toBeDisabled();
      expect(await writesSince(facts.tenantId, seq)).toEqual([]);
      expect(await confirmAndWait(dialog, { approvedBySecondAdmin: true, ticket })).toBe("succeeded");
      for (const change of planned) expect((await livePolicy(facts.tenantId, change.policyId)).conditions.users.excludeUsers).toContain(svc.id);

      // The history: every row of the run carries the ticket (the grid's last column; a wide screen shows them all).
      await page.setViewportSize({ width: 2600, height: 900 });
      const grid = await openHistory(page, await historyHref(dialog));
      const rows = grid.getByRole("row").filter({ hasText: "Exclude the service account" });
      await expect(rows).toHaveCount(planned.length);
      await expect(grid.getByRole("columnheader", { name: "Ticket" })).toBeVisible();
      for (const row of await rows.all()) await expect(row.locator('[data-field="ticket"]')).toHaveText(ticket);
      await rows.first().click();
      await expect(page.getByTestId("change-detail")).toContainText(`ticket ${ticket}`);

      // The dashboard's recent runs: this one, its status in words and its ticket.
      await page.goto("/");
      await expect(page.getByRole("row").filter({ hasText: ticket })).toContainText("Succeeded");
    } finally {
      await requireTicket(admin, false);
      await admin.close();
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

    const state = async (scope: Page | Locator, expected: Record<string, boolean>) => {
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
    const exclusion = await openExclusionPreview(page);
    expect(await confirmAndWait(exclusion, { approvedBySecondAdmin: true })).toBe("succeeded");
    await expect(exclusion.getByTestId("run-status")).toContainText("1 applied");
    await exclusion.getByRole("button", { name: "Close" }).click();
    await state(checklist, { "excluded-everywhere": true, "dedicated-exists": false, "dedicated-enforced": false });

    // 2. The dedicated policy, report-only.
    const create = await openDedicatedPreview(page, "create");
    expect(await confirmAndWait(create, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.create.confirm })).toBe("succeeded");
    await create.getByRole("button", { name: "Close" }).click();
    await state(checklist, { "excluded-everywhere": true, "dedicated-exists": true, "dedicated-enforced": false });
    await expect(checklistItem(checklist, "dedicated-enforced")).toContainText("report-only");

    // 3. Enforcing: refused while security defaults are on (explained), then done through "Retry (preview again)".
    const enforce = await openDedicatedPreview(page, "enforce");
    await partnerFault(facts.tenantId, { securityDefaults: true });
    try {
      expect(await confirmAndWait(enforce, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.enforce.confirm })).toBe("failed");
      const refused = enforce.getByRole("region", { name: DEDICATED_NAME }).getByTestId("policy-result");
      await expect(refused).toHaveAttribute("data-result", "failed");
      await expect(refused).toContainText("Security defaults are on in the partner tenant");
      await expect(refused).toContainText("Turn security defaults off first");
    } finally {
      await partnerFault(facts.tenantId, { securityDefaults: false });
    }
    await state(checklist, { "dedicated-enforced": false });
    await enforce.getByRole("button", { name: "Retry (preview again)" }).click();
    await expect(enforce.getByTestId("run-status")).toHaveCount(0);
    expect(await confirmAndWait(enforce, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.enforce.confirm })).toBe("succeeded");
    await expect(enforce.getByRole("region", { name: DEDICATED_NAME }).getByTestId("policy-result")).toHaveAttribute("data-result", "applied");
    await enforce.getByRole("button", { name: "Close" }).click();
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
