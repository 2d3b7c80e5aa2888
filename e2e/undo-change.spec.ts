// Undoing one change from the history: after a fix of several policies, the history drawer's "Undo
// this change" previews putting back only that policy, and the undo run restores it alone.
import { expect, test, type Locator } from "@playwright/test";
import { confirmAndWait, type Customer, openFixAll, type PlannedChange, plannedChanges, runOneUndo, stillToFix } from "./support/fix";
import { cloudPolicy, exclusionOf, fleet } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

test("one change of a fix is undone from the history drawer, the others stay", async ({ page }) => {
  test.setTimeout(240_000);
  await ensureConnected(page);
  await syncAll(page);
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");

  // A missing-exclusion tenant whose Fix all still plans two changes or more (other specs fix some;
  // the count of policies to fix includes report-only ones, which Fix all leaves by default).
  let found: { tenant: Customer; dialog: Locator; planned: PlannedChange[] } | undefined;
  for (const tenant of await stillToFix(page, "missing-exclusion")) {
    const dialog = await openFixAll(page, tenant);
    const planned = await plannedChanges(dialog);
    if (planned.length > 1) {
      found = { tenant, dialog, planned };
      break;
    }
  }
  expect(found, "a missing-exclusion tenant with two changes still to make").toBeDefined();
  const { tenant, dialog, planned } = found!;
  expect(await confirmAndWait(dialog)).toBe("succeeded");
  const [undone, ...kept] = planned;

  await page.goto(`/history?tenant=${tenant.tenantId}`);
  const grid = page.getByRole("grid", { name: "Remediation history" });
  await grid.getByRole("row").filter({ hasText: undone!.name }).filter({ hasText: "applied" }).first().click();
  const detail = page.getByTestId("change-detail");
  await detail.getByRole("button", { name: "Undo this change" }).click();

  await runOneUndo(page);

  // In the local cloud: that policy is back as it was (the MSP's tenant not excluded), the others keep the fix.
  const msp = (await fleet()).partner.tenantId;
  const excludesMsp = async (policyId: string) => JSON.stringify(exclusionOf(await cloudPolicy(tenant.tenantId, policyId)) ?? null).includes(msp);
  expect(await excludesMsp(undone!.policyId)).toBe(false);
  for (const change of kept) expect(await excludesMsp(change.policyId), change.name).toBe(true);
  await page.screenshot({ path: "test-results/e2e/undo-change.png", fullPage: true });
});
