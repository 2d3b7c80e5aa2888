import { expect, test } from "@playwright/test";
import { fleet } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

// Acceptance 2 of issue 20: work that cannot happen is refused with the reason and the way to fix
// it, never a green "started" that does nothing; and a sync that starts is followed to its end.
test.describe("never silent", () => {
  test("Sync all reports 'n of N tenants read' and its end, with the tenants it could not read and why", async ({ page }) => {
    test.setTimeout(180_000);
    await ensureConnected(page);
    await syncAll(page); // the fleet is known: the second sync counts against it
    const total = (await fleet()).customers.length;
    await page.goto("/tenants");
    await page.getByRole("button", { name: "Sync all" }).click();
    const progress = page.getByTestId("sync-progress");
    await expect(progress).toHaveAttribute("data-state", "running");
    await expect(progress).toContainText(new RegExp(`Sync running: \\d+ of ${total} tenants read`));
    await expect(progress).toHaveAttribute("data-state", "done", { timeout: 90_000 });
    await expect(progress).toContainText(`Sync done: ${total} of ${total} tenants read`);
    // The fleet has tenants with expired GDAP: named, with the reason in words.
    const expired = (await fleet()).customers.find((c) => c.scenario === "gdap-expired")!;
    await expect(progress).toContainText(/could not be read/);
    await expect(progress.getByText(expired.displayName, { exact: false }).or(progress.getByText(/and \d+ more/))).not.toHaveCount(0);
  });

  test("with the automation account disconnected, Sync all is refused with the reason and a link to Settings, and the dashboard says so", async ({ page }) => {
    test.setTimeout(180_000);
    await ensureConnected(page);
    try {
      // Disconnect (it asks first).
      await page.goto("/settings");
      await page.getByRole("button", { name: "Disconnect" }).click();
      const confirm = page.getByRole("dialog", { name: "Disconnect the automation account?" });
      await expect(confirm).toContainText(/cannot read or fix any tenant/);
      await confirm.getByRole("button", { name: "Disconnect" }).click();
      await expect(page.getByTestId("connection-health")).toContainText("No automation account is connected");

      // The tenants page: a banner before anyone clicks; Sync all refused in words, with the way to Settings.
      await page.goto("/tenants");
      const banner = page.getByTestId("automation-banner");
      await expect(banner).toContainText("No automation account is connected");
      await page.getByRole("button", { name: "Sync all" }).click();
      const refused = page.getByTestId("sync-refused");
      await expect(refused).toContainText("The sync was not started. No automation account is connected");
      await expect(page.getByTestId("sync-progress")).toHaveCount(0);
      await page.screenshot({ path: "test-results/screenshots/sync-refused.png" });
      await refused.getByRole("link", { name: "Open Settings" }).click();
      await expect(page).toHaveURL(/\/settings$/);

      // The dashboard warns too, for every role.
      await page.goto("/");
      await expect(page.getByTestId("automation-banner")).toContainText("No automation account is connected");
      await expect(page.getByTestId("automation-banner").getByRole("link", { name: "Open Settings" })).toHaveAttribute("href", "/settings");
      // The first-run steps come back: connecting is the step to do, and it links to Settings.
      const steps = page.getByTestId("first-run").getByRole("listitem");
      await expect(steps.first()).toHaveAttribute("data-done", "false");
      await expect(steps.first().getByRole("link", { name: "1. Connect the automation account" })).toHaveAttribute("href", "/settings");
      await expect(steps.nth(1)).toHaveAttribute("data-done", "true");
      await page.screenshot({ path: "test-results/screenshots/dashboard-not-connected.png" });
      await page.context().clearCookies();
      await signInAs(page, "Portal.Reader", "/");
      await expect(page.getByTestId("automation-banner")).toBeVisible();

      // The refusal is in the audit log, with its reason.
      await page.context().clearCookies();
      await signInAs(page, "Portal.Admin", "/audit");
      const csv = await (await page.request.get("/api/audit/csv")).text();
      const refusals = csv.split("\n").filter((line) => line.includes("sync-all-tenants") && line.includes("denied"));
      expect(refusals.length).toBeGreaterThan(0);
    } finally {
      await page.context().clearCookies();
      await ensureConnected(page);
    }
    await page.goto("/");
    await expect(page.getByTestId("automation-banner")).toHaveCount(0);
    await expect(page.getByTestId("first-run")).toHaveCount(0);
  });
});
