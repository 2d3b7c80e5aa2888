// Undoing one change from the history: after a fix of several policies, the history drawer's "Undo
// this change" previews putting back only that policy, and the undo run restores it alone.
import { expect, test } from "@playwright/test";
import { confirmAndWait, type Customer, customers, openFixAll, plannedChanges, runOneUndo } from "./support/fix";
import { cloudPolicies, cloudPolicy, customerAdminEdits, exclusionOf, fleet } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

type Policy = Record<string, unknown>;

const excludes = (policy: Policy, msp: string) => JSON.stringify(exclusionOf(policy) ?? null).includes(msp);
const enabledForAllUsers = (policy: Policy) =>
  policy.state === "enabled" && !!(policy.conditions as { users: { includeUsers?: string[] } }).users.includeUsers?.includes("All");

/**
 * A missing-exclusion tenant with two enabled policies for all users that lack the MSP's exclusion.
 * The specs before this one on the shared stack fix tenants of this scenario (which and how many
 * depends on what each finds), so the test does not hope one is left: as the customer's admin would
 * (guard.spec does it to one policy), it takes the MSP's exclusion back out where needed.
 */
async function tenantWithTwoToFix(): Promise<Customer> {
  const msp = (await fleet()).partner.tenantId;
  for (const tenant of await customers("missing-exclusion")) {
    const forAll = (await cloudPolicies(tenant.tenantId)).filter(enabledForAllUsers);
    if (forAll.length < 2) continue;
    const lacking = forAll.filter((p) => !excludes(p, msp)).length;
    for (const p of forAll.filter((x) => excludes(x, msp)).slice(0, Math.max(0, 2 - lacking)))
      await customerAdminEdits(tenant.tenantId, String(p.id), { conditions: { users: { excludeGuestsOrExternalUsers: null } } });
    return tenant;
  }
  throw new Error("no missing-exclusion tenant has two enabled policies for all users");
}

test("one change of a fix is undone from the history drawer, the others stay", async ({ page }) => {
  test.setTimeout(240_000);
  await ensureConnected(page);
  const tenant = await tenantWithTwoToFix();
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
  expect(excludes(await cloudPolicy(tenant.tenantId, undone!.policyId), msp)).toBe(false);
  for (const change of kept) expect(excludes(await cloudPolicy(tenant.tenantId, change.policyId), msp), change.name).toBe(true);
  await page.screenshot({ path: "test-results/e2e/undo-change.png", fullPage: true });
});
