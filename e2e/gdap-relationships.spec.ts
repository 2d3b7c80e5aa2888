// GDAP in full (issue 17, acceptance 5): a customer with several relationships shows each of them on
// its page: the one in use, an earlier expired one, a request still awaiting approval.
import { expect, test } from "@playwright/test";
import { fleet } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

test("a tenant with several GDAP relationships lists every one on its page, with status, dates and roles", async ({ page }) => {
  test.setTimeout(240_000);
  await ensureConnected(page);
  await syncAll(page);
  const tenant = (await fleet()).customers.find((c) => c.gdap.length >= 2 && c.gdap.some((r) => r.status === "approvalPending"))!;
  expect(tenant, "the seeded fleet has a customer with several relationships, one awaiting approval").toBeDefined();

  await page.goto(`/tenants/${tenant.tenantId}`);
  const card = page.getByRole("region", { name: "GDAP relationships" });
  const items = card.getByTestId("gdap-relationship");
  await expect(items).toHaveCount(tenant.gdap.length);
  // Every status Graph gave, once per relationship.
  expect((await card.getByTestId("gdap-relationship-status").allTextContents()).sort()).toEqual(tenant.gdap.map((r) => r.status).sort());
  // The relationship in use comes first, with when it ends and its roles by name.
  const first = items.first();
  await expect(first.getByTestId("gdap-relationship-status")).toHaveText(/^(active|expiring)$/);
  await expect(first).toContainText(/ends \w{3} \d{1,2}, \d{4}/);
  await expect(first).toContainText(/Roles: .*Administrator/);
  const pending = items.filter({ has: page.getByTestId("gdap-relationship-status").getByText("approvalPending", { exact: true }) });
  await expect(pending).toContainText("no end until approved");
  await card.screenshot({ path: "test-results/screenshots/gdap-relationships.png" });
});
