import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { customers, openFixAll } from "./support/fix";
import { ensureConnected, syncAll } from "./support/portal";

// Acceptance 1 of issue 20: no serious or critical WCAG 2.1 AA violation (axe-core) on any page or
// main dialog, in light and in dark mode. One test per page and scheme, so a failure names them.
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`) }));
}

/** Connected and synced once for the whole file (the tenant pages need tenants); cheap when already so. */
async function prepared(page: Page) {
  await ensureConnected(page);
  const rows = (await (await page.request.get("/api/tenants")).json()) as { lastSyncedAt: string | null }[];
  if (rows.length === 0 || rows.some((r) => r.lastSyncedAt === null)) await syncAll(page);
  return (await customers("missing-exclusion")).at(0)!;
}

const PAGES: { name: string; path: (tenantId: string) => string }[] = [
  { name: "dashboard", path: () => "/" },
  { name: "tenants", path: () => "/tenants" },
  { name: "a tenant", path: (t) => `/tenants/${t}` },
  { name: "a tenant's report", path: (t) => `/tenants/${t}/report` },
  { name: "bulk fix", path: () => "/bulk" },
  { name: "history", path: () => "/history" },
  { name: "audit log", path: () => "/audit" },
  { name: "users", path: () => "/users" },
  { name: "tenant groups", path: () => "/groups" },
  { name: "alerts", path: () => "/alerts" },
  { name: "settings", path: () => "/settings" },
  { name: "status", path: () => "/status" },
  { name: "partner tenant", path: () => "/partner" },
  { name: "forbidden", path: () => "/forbidden" },
  { name: "not found", path: () => "/no-such-page" },
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility, ${scheme} mode`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });

    for (const { name, path } of PAGES) {
      test(`${name}: no serious or critical axe violation`, async ({ page }) => {
        test.setTimeout(180_000);
        const tenant = await prepared(page);
        await page.goto(path(tenant.tenantId));
        await page.waitForLoadState("networkidle");
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    test("a policy's timeline: no serious or critical axe violation", async ({ page }) => {
      test.setTimeout(180_000);
      const tenant = await prepared(page);
      await page.goto(`/tenants/${tenant.tenantId}`);
      // The link sits inside a policy's expansion: its address is read, not clicked.
      const href = await page.locator('a[href*="/policies/"]').first().getAttribute("href");
      await page.goto(href!);
      await expect(page).toHaveURL(/\/policies\//);
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the fix preview dialog: no serious or critical axe violation", async ({ page }) => {
      test.setTimeout(180_000);
      const tenant = await prepared(page);
      const dialog = await openFixAll(page, tenant);
      await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the navigation drawer on a phone: no serious or critical axe violation", async ({ page }) => {
      test.setTimeout(180_000);
      await prepared(page);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/tenants");
      await page.getByRole("button", { name: "Open the navigation" }).click();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
