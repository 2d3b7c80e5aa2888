import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { confirmAndWait, customers, openFixAll, tenantUsers } from "./support/fix";
import { cloudPolicies, exclusionOf } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

async function tenantWithUnfixedBreakGlassPolicy() {
  for (const tenant of await customers("missing-exclusion")) {
    const breakGlass = (await tenantUsers(tenant.tenantId)).find((u) => u.userPrincipalName.startsWith("breakglass"));
    if (!breakGlass) continue;
    const unfixed = (await cloudPolicies(tenant.tenantId)).some((p) => {
      // Reaches the MSP for sure (all users), lacks its exclusion, and keeps the break-glass account out.
      const users = (p.conditions as { users: { includeUsers?: string[]; excludeUsers?: string[] } }).users;
      return p.state !== "disabled" && !exclusionOf(p) && !!users.includeUsers?.includes("All") && !!users.excludeUsers?.includes(breakGlass.id);
    });
    if (unfixed) return { tenant, breakGlass };
  }
  throw new Error("no missing-exclusion tenant still has an unfixed policy that excludes its break-glass account");
}

// Acceptance 6 of issue 20: a diff people trust. Only what changes is marked: an exclusion the fix
// keeps (the customer's break-glass account) reads as it is, never struck through as removed. And
// the history's detail panel: a titled dialog below nothing, with the tenant and a close button.
test.describe("diffs and the change panel", () => {
  test("a kept break-glass exclusion is plain in the preview; only the MSP's exclusion is marked; the history panel is titled, named and closes", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await ensureConnected(page);
    await syncAll(page);
    // Other specs fix tenants of this scenario first: take one whose cloud still holds a policy that
    // excludes the break-glass account and lacks the MSP's exclusion.
    const { tenant, breakGlass } = await tenantWithUnfixedBreakGlassPolicy();

    const dialog = await openFixAll(page, tenant);
    await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
    const section = dialog
      .getByTestId("preview-policy")
      .filter({ has: page.getByTestId("users-before").getByText(breakGlass.userPrincipalName) })
      .filter({ has: page.getByTestId("request-line") })
      .first();
    await expect(section).toBeVisible();
    const policyName = (await section.getAttribute("aria-label"))!;
    // The policy expanded where it is not already.
    const before = section.getByTestId("users-before");
    const after = section.getByTestId("users-after");
    await before.scrollIntoViewIfNeeded();
    const kept = before.getByRole("listitem").filter({ hasText: breakGlass.userPrincipalName });
    await expect(kept).toHaveAttribute("data-mark", "kept");
    await expect(kept).toHaveCSS("text-decoration-line", "none");
    await expect(after.getByRole("listitem").filter({ hasText: breakGlass.userPrincipalName })).toHaveAttribute("data-mark", "kept");
    // Nothing is taken away by the fix; the MSP's exclusion is the one added line.
    await expect(before.locator('[data-mark="removed"]')).toHaveCount(0);
    await expect(after.locator('[data-mark="added"], [data-mark="changed"]')).toHaveCount(1);
    await expect(after.locator('[data-mark="added"], [data-mark="changed"]')).toContainText(/service provider users from tenant .*your MSP tenant/);
    await section.screenshot({ path: "test-results/screenshots/users-diff-break-glass.png" });

    // Fixed, then the change in the history's panel.
    expect(await confirmAndWait(dialog)).toBe("succeeded");
    await page.goto(`/history?tenant=${tenant.tenantId}`);
    await page
      .getByRole("grid", { name: "Remediation history" })
      .getByRole("row")
      .filter({ hasText: policyName })
      .filter({ hasText: "applied" })
      .first()
      .click();
    const panel = page.getByRole("dialog", { name: policyName });
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId("change-tenant")).toHaveText(tenant.displayName);
    // The recorded reason names the MSP (issue 17): its tenant id never stands alone.
    await expect(panel).toContainText(/service provider users from tenant .*\(your MSP tenant\)/);
    // The title is on screen and on top: nothing (the app bar) covers it.
    const title = panel.getByRole("heading", { name: policyName });
    await expect(title).toBeInViewport();
    const box = (await title.boundingBox())!;
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest("h2")?.textContent ?? null, [box.x + 5, box.y + box.height / 2]);
    expect(onTop).toBe(policyName);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).include('[role="dialog"]').analyze();
    expect(
      violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" | ")}`),
    ).toEqual([]);
    await page.screenshot({ path: "test-results/screenshots/history-panel.png" });
    await panel.getByRole("button", { name: "Close" }).click();
    await expect(panel).toHaveCount(0);
  });
});
