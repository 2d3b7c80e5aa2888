import { expect, test, type Page } from "@playwright/test";
import { customers } from "./support/fix";
import { ensureConnected, syncAll } from "./support/portal";

// Acceptance 5 of issue 20: on a phone (390 x 844) no main page scrolls sideways, and the navigation
// is a drawer opened by a menu button; on a desktop (1440) it stays a permanent column.
const MAIN_PAGES = ["/", "/tenants", "/bulk", "/history", "/partner", "/settings", "/audit", "/users", "/groups", "/alerts", "/status"];

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// What sticks out past the right edge, named so a failure says where to look.
async function widestElements(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(-5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 3).join(".")} right=${Math.round(el.getBoundingClientRect().right)}`)
      .join("; ");
  });
}

test.describe("screens", () => {
  test("at 390 x 844 no main page scrolls sideways and the navigation opens from a menu button; at 1440 it is always there", async ({ page }) => {
    test.setTimeout(300_000);
    await ensureConnected(page);
    await syncAll(page);
    const tenant = (await customers("missing-exclusion")).at(0)!;
    const pages = [...MAIN_PAGES, `/tenants/${tenant.tenantId}`];

    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect.soft(await horizontalOverflow(page), `${path} scrolls sideways at 390 px: ${await widestElements(page)}`).toBeLessThanOrEqual(0);
    }
    for (const [path, name] of [
      ["/", "dashboard"],
      ["/tenants", "tenants"],
      [`/tenants/${tenant.tenantId}`, "tenant"],
    ] as const) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `test-results/screenshots/390-${name}.png`, fullPage: true });
    }

    // A tenant's page has its way back to the list.
    await page.getByRole("link", { name: "← All tenants" }).click();
    await expect(page).toHaveURL(/\/tenants$/);

    // The navigation is not on screen until the menu button opens it; a link closes it again.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toHaveCount(0);
    await page.getByRole("button", { name: "Open the navigation" }).click();
    await expect(nav).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/390-navigation.png" });
    await nav.getByRole("link", { name: "History" }).click();
    await expect(page).toHaveURL(/\/history$/);
    await expect(nav).toHaveCount(0);

    // A desktop: the navigation is a column beside the page, with no menu button.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/tenants");
    await expect(nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Open the navigation" })).toBeHidden();
    await page.waitForLoadState("networkidle");
    expect(await horizontalOverflow(page), "/tenants scrolls sideways at 1440 px").toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/screenshots/1440-tenants.png" });
    await page.goto("/");
    await page.screenshot({ path: "test-results/screenshots/1440-dashboard.png" });
  });

  test("a keyboard user skips past the app bar and the navigation to the page", async ({ page }) => {
    await ensureConnected(page);
    await page.goto("/tenants");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
  });
});
