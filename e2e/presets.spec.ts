import { expect, test } from "@playwright/test";
import { ensureConnected, syncAll } from "./support/portal";

// Issue 20: the tenants page answers the usual questions in one click, and each dashboard figure
// opens the list filtered to what it counts.
test.describe("tenants presets", () => {
  test("a dashboard figure opens the tenants it counts; the presets filter the grid and the address", async ({ page }) => {
    test.setTimeout(180_000);
    await ensureConnected(page);
    await syncAll(page);
    await page.goto("/");
    const figure = page.getByTestId("figure-blocked");
    const blocked = Number(/^\d+/.exec((await figure.textContent()) ?? "")![0]);
    expect(blocked).toBeGreaterThan(0);
    await figure.getByRole("link").click();
    await expect(page).toHaveURL(/\/tenants\?show=blocked$/);
    const preset = page.getByRole("group", { name: "Show" });
    await expect(preset.getByRole("button", { name: /^Blocked by CA/ })).toHaveAttribute("aria-pressed", "true");
    const rows = page
      .getByRole("grid")
      .getByRole("row")
      .filter({ has: page.getByRole("link") });
    await expect(rows).toHaveCount(blocked);
    for (const row of await rows.all()) await expect(row).toContainText("Blocked by CA");

    // Another preset: the grid and the address follow; All shows every tenant again.
    await preset.getByRole("button", { name: /^Unreachable/ }).click();
    await expect(page).toHaveURL(/\/tenants\?show=unreachable$/);
    await expect(rows.first()).not.toContainText("Blocked by CA");
    await preset.getByRole("button", { name: /^All/ }).click();
    await expect(page).toHaveURL(/\/tenants$/);
  });
});
