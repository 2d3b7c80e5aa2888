// The fleet view of proof of access (issue 16): a tenant whose GDAP sign-in Graph's What If says is
// blocked shows "blocked" in the tenants page's GDAP sign-in column and under its preset, the
// dashboard counts it with a link to that preset, and the bulk wizard ticks it in one click. The
// tenant is the first the local cloud seeds as blocked by CA (a policy requires a compliant device of
// everyone); tenants.spec.ts keeps it unfixed. Other specs share the fleet, so counts are read, not assumed.
import { expect, test, type Page } from "@playwright/test";
import { customers } from "./support/fix";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

/** How many tenants the tenants page's "Sign-in blocked (What If)" preset holds, as its API answers. */
async function signInBlockedTotal(page: Page): Promise<number> {
  const res = await page.request.get("/api/tenants?page=0&pageSize=25&show=signin-blocked");
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { total: number }).total;
}

test("a tenant What If blocks: 'blocked' in the GDAP sign-in column and its preset, counted on the dashboard, ticked by the bulk wizard in one click", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const tenant = (await customers("blocked-by-ca"))[0]!;
  await ensureConnected(page);
  await syncAll(page);
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");

  // The check, on the tenant's page: What If says the technician's sign-in is blocked (a compliant device is required).
  await page.goto(`/tenants/${tenant.tenantId}`);
  const card = page.getByTestId("proof-of-access");
  await card.getByRole("button", { name: "Check sign-in now" }).click();
  await expect(card.getByTestId("proof-checked")).toContainText(/Checked .* by /, { timeout: 30_000 });
  await expect(card.getByTestId("proof-headline")).toContainText("proven: blocked by");

  // The tenants page: the column says "blocked"; the preset (told apart from "Blocked by CA") shows the tenant and counts it.
  const blocked = await signInBlockedTotal(page);
  expect(blocked).toBeGreaterThanOrEqual(1);
  await page.goto(`/tenants?q=${encodeURIComponent(tenant.displayName)}`);
  const grid = page.getByRole("grid", { name: "Customer tenants" });
  const row = grid.getByRole("row").filter({ has: page.getByRole("link", { name: tenant.displayName, exact: true }) });
  await expect(row.getByTestId("signin-verdict")).toHaveText("blocked");
  await expect(row).toContainText("Blocked by CA"); // and, apart, the sync's own sign-in was refused (access health)
  const presets = page.getByRole("group", { name: "Show" });
  const preset = presets.getByRole("button", { name: /^Sign-in blocked \(What If\)/ });
  await expect(preset).toHaveText(`Sign-in blocked (What If) (${blocked})`);
  await preset.click();
  await expect(page).toHaveURL(/\/tenants\?show=signin-blocked&q=/);
  await expect(row.getByTestId("signin-verdict")).toHaveText("blocked");
  await page.getByRole("searchbox").fill("");
  await expect(page).toHaveURL(/\/tenants\?show=signin-blocked$/);
  await expect(grid.getByTestId("signin-verdict")).toHaveCount(Math.min(blocked, 50));
  for (const chip of await grid.getByTestId("signin-verdict").all()) await expect(chip).toHaveText("blocked");

  // Sorted in SQL by the column: descending puts "not proven" before "blocked", never-checked last.
  await page.goto("/tenants");
  await grid.getByRole("columnheader", { name: "GDAP sign-in" }).click();
  await expect(grid.getByTestId("signin-verdict").first()).toHaveText("blocked");

  // The dashboard counts it, and the figure opens the preset.
  await page.goto("/");
  const figure = page.getByTestId("signin-count-signin-blocked");
  await expect(figure).toHaveAccessibleName(`${blocked} blocked`);
  await figure.click();
  await expect(page).toHaveURL(/\/tenants\?show=signin-blocked$/);
  await expect(presets.getByRole("button", { name: /^Sign-in blocked \(What If\)/ })).toHaveAttribute("aria-pressed", "true");

  // The bulk wizard: one click ticks every tenant whose sign-in is blocked, and shows them.
  await page.goto("/bulk");
  await expect(page.getByRole("heading", { name: "Select tenants" })).toBeVisible();
  await page.getByRole("button", { name: `Select the ${blocked} with GDAP sign-in blocked` }).click();
  await expect(page.getByTestId("bulk-selection-summary")).toHaveText(`${blocked} ${blocked === 1 ? "tenant" : "tenants"} selected.`);
  await expect(page.getByRole("group", { name: "Show tenants" }).getByRole("button", { name: "Sign-in blocked (What If)" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const wizardRow = page
    .getByRole("grid", { name: "Customer tenants" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: tenant.displayName, exact: true }) });
  await expect(wizardRow.getByRole("checkbox")).toBeChecked();
  await expect(wizardRow.getByTestId("signin-verdict")).toHaveText("blocked");
  await page.screenshot({ path: "test-results/screenshots/fleet-signin-bulk.png" });
});

test("screens: the tenants page at 1440 and 390 wide, the dashboard's GDAP sign-in counts", async ({ page }) => {
  await signInAs(page, "Portal.Operator", "/tenants");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/tenants?show=signin-blocked");
  await expect(page.getByRole("grid", { name: "Customer tenants" }).getByTestId("signin-verdict").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/fleet-signin-tenants-1440.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/tenants");
  await expect(page.getByRole("grid", { name: "Customer tenants" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/fleet-signin-tenants-390.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("signin-counts")).toBeVisible();
  await page.getByTestId("signin-counts").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/fleet-signin-dashboard.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/fleet-signin-dashboard-390.png", fullPage: true });
});
