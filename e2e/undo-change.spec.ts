// Undoing one change from the history: after a fix of several policies, the history drawer's "Undo
// this change" previews putting back only that policy, and the undo run restores it alone.
import { expect, test } from "@playwright/test";
import { confirmAndWait, excludesMsp, openFixAll, plannedChanges, runOneUndo, tenantWithTwoToFix } from "./support/fix";
import { cloudPolicy, fleet } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

test("one change of a fix is undone from the history drawer, the others stay", async ({ page }) => {
  test.setTimeout(240_000);
  const tenant = await tenantWithTwoToFix();
  await ensureConnected(page);
  await syncAll(page); // the portal reads what the customer's admin did
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");

  const dialog = await openFixAll(page, tenant);
  const planned = await plannedChanges(dialog);
  expect(planned.length, "Fix all plans two changes or more").toBeGreaterThan(1);
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
  expect(excludesMsp(await cloudPolicy(tenant.tenantId, undone!.policyId), msp)).toBe(false);
  for (const change of kept) expect(excludesMsp(await cloudPolicy(tenant.tenantId, change.policyId), msp), change.name).toBe(true);
  await page.screenshot({ path: "test-results/e2e/undo-change.png", fullPage: true });
});
