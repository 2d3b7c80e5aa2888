// Issue 16 acceptance 5: a Microsoft-managed policy in the demo fleet is shown as such and receives no
// write Graph would refuse (Graph lets an admin change only its state and excluded users, groups and roles).
import { expect, test } from "@playwright/test";
import { confirmAndWait, customers, isWrite, lastSeq, openFixAll, plannedChanges, requestLog } from "./support/fix";
import { cloudPolicies } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

test("a Microsoft-managed policy is shown as such, and Fix all sends it nothing", async ({ page }) => {
  test.setTimeout(240_000);
  // The last tenant of the scenario whose tenants carry one (emulator/README.md `managed-policy-*`).
  const tenant = (await customers("disabled-and-report-only")).at(-1)!;
  const managed = (await cloudPolicies(tenant.tenantId)).find((p) => p.displayName === "Microsoft-managed: Block legacy authentication")!;
  expect(managed, "the fleet seeds a Microsoft-managed policy").toBeTruthy();
  const managedPath = `/identity/conditionalAccess/policies/${String(managed.id)}`;

  await ensureConnected(page);
  await syncAll(page);
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");

  // The tenant page: the policy carries a "Microsoft-managed" chip, and, expanded, says why nothing is proposed.
  await page.goto(`/tenants/${tenant.tenantId}`);
  await expect(page.getByRole("heading", { level: 1, name: tenant.displayName })).toBeVisible();
  const policy = page.locator(`[data-testid="policy"][data-policy-id="${String(managed.id)}"]`);
  await expect(policy.getByTestId("microsoft-managed")).toHaveText("Microsoft-managed");
  await policy.getByRole("button", { expanded: false }).first().click();
  await expect(policy).toContainText("Microsoft-managed: no request is proposed (Graph refuses the exclusion there)");
  await expect(policy).toContainText("duplicate the policy, add the exclusion to the copy, then turn this one off");
  await expect(policy).toContainText("Microsoft created this policy; only its state and its excluded users, groups and roles can be changed.");
  await expect(policy.locator(".MuiCollapse-entered")).toHaveCount(1);
  await expect(policy.getByRole("button", { name: /^Exclude MSP from / })).toHaveCount(0); // nothing it could send
  await page.screenshot({ path: "test-results/screenshots/microsoft-managed.png", fullPage: true });

  // Fix all: the preview plans the other policies, never this one; the run writes exactly those.
  const dialog = await openFixAll(page, tenant);
  const planned = await plannedChanges(dialog);
  expect(planned.length).toBeGreaterThan(0);
  expect(planned.map((c) => c.path)).not.toContain(managedPath);
  // Listed among the policies left unchanged, with the reason and what to do instead.
  const skipped = dialog.getByRole("listitem").filter({ hasText: "Microsoft-managed: Block legacy authentication" });
  await expect(skipped).toContainText("Needs review");
  await expect(skipped).toContainText("instead duplicate the policy in Entra, exclude the MSP in the copy and turn this one off.");
  await page.screenshot({ path: "test-results/screenshots/microsoft-managed-preview.png", fullPage: true });
  const seq = await lastSeq(tenant.tenantId);
  expect(await confirmAndWait(dialog)).toBe("succeeded");
  const writes = (await requestLog(tenant.tenantId, { sinceSeq: seq })).filter(isWrite);
  expect(writes.map((w) => w.path).sort()).toEqual(planned.map((c) => c.path).sort());
  expect(writes.filter((w) => w.path === managedPath)).toEqual([]);
});
