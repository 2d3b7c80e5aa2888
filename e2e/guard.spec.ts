// The guard, end to end: the scheduled sweep (every 15 s here: 5 minutes at the e2e time scale of
// 0.05, see playwright.config.ts) reads every tenant, and the portal shows what a customer's admin
// did in the local cloud: a policy's versions with their diffs, and a tenant's Changes.
import { expect, test, type Page } from "@playwright/test";
import { confirmAndWait, type Customer, customers, openFixAll, plannedChanges, stillToFix } from "./support/fix";
import { controlPlane, customerAdminEdits } from "./support/local-cloud";
import { chooseAccount, openPartnerPage, partnerFacts } from "./support/partner";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

/** One sweep interval plus the sweep itself, with room for a busy machine. */
const WITHIN_A_SWEEP = 60_000;

async function prepare(page: Page) {
  await ensureConnected(page);
  await syncAll(page);
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");
}

/** Reloads `url` until `ready` holds (the sweep is a background process; the page is server-rendered). */
async function reloadUntil(page: Page, url: string, ready: () => Promise<boolean>, timeout = WITHIN_A_SWEEP) {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        return ready();
      },
      { timeout, intervals: [2_000] },
    )
    .toBe(true);
}

test.describe("the guard", () => {
  test.setTimeout(300_000);

  test("a policy edited three times in the local cloud shows three new versions, each with its diff in words", async ({ page }) => {
    await prepare(page);
    const tenant: Customer = (await customers("healthy")).at(-1)!;
    await page.goto(`/tenants/${tenant.tenantId}`);
    const first = page.getByTestId("policy").first();
    const policyId = (await first.getAttribute("data-policy-id"))!;
    const state = await first.getByRole("button").first().locator(".MuiChip-label").first().textContent();
    await first.getByRole("button").first().click();
    await first.getByRole("link", { name: /^Versions of / }).click();
    const url = `/tenants/${tenant.tenantId}/policies/${policyId}`;
    await expect(page).toHaveURL(url);
    await expect(page.getByTestId("policy-version")).toHaveCount(1);
    await expect(page.getByTestId("version-changes")).toHaveText("The first version the portal saw.");

    const edits = [
      { patch: { state: state === "Off" ? "enabledForReportingButNotEnforced" : "disabled" }, changed: "state" },
      { patch: { displayName: "Renamed by the customer's admin" }, changed: "displayName" },
      { patch: { conditions: { clientAppTypes: ["browser"] } }, changed: "conditions.clientAppTypes" },
    ];
    for (const [i, edit] of edits.entries()) {
      await customerAdminEdits(tenant.tenantId, policyId, edit.patch);
      // The next sweep reads it: one more version.
      await reloadUntil(page, url, async () => (await page.getByTestId("policy-version").count()) === i + 2);
      await expect(page.getByTestId("policy-version").first().getByTestId("version-changes")).toHaveText(`Changed from the version before: ${edit.changed}.`);
    }
    const versions = page.getByTestId("policy-version");
    await expect(versions).toHaveCount(4);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renamed by the customer's admin");
    // Newest first: each version against the one before, in lib/ca's words, the difference in bold.
    await expect(versions.nth(0).getByRole("heading", { level: 2 })).toHaveText("Version 4 (latest)");
    const latest = versions.nth(0);
    await expect(latest.getByTestId("policy-after").getByText("Applies to browser", { exact: true })).toBeVisible();
    await expect(latest.getByTestId("policy-before").getByText("Applies to browser", { exact: true })).toHaveCount(0);
    await expect(versions.nth(2)).toContainText(state === "Off" ? "Report-only" : "Off");
    for (const v of await versions.all()) await expect(v).toContainText("seen by");
    await page.screenshot({ path: "test-results/e2e/guard-policy-versions.png", fullPage: true });
  });

  test("a customer's admin removes the MSP's exclusion from a fixed tenant: within one sweep the tenant's Changes show it, with the diff", async ({ page }) => {
    await prepare(page);
    // Other specs fix tenants of this scenario first: take the one with the most still to fix after the sync.
    const candidates = await stillToFix(page, "missing-exclusion");
    expect(candidates.length, "a missing-exclusion tenant still has a policy to fix").toBeGreaterThan(0);
    const tenant = candidates[0]!;
    const dialog = await openFixAll(page, tenant);
    const planned = await plannedChanges(dialog);
    expect(planned.length).toBeGreaterThan(0);
    expect(await confirmAndWait(dialog)).toBe("succeeded");
    const fixed = planned[0]!;

    // The portal's own change is on the timeline, linked to its run.
    const url = `/tenants/${tenant.tenantId}`;
    await page.goto(url);
    const changes = page.getByTestId("change-event");
    const own = changes.filter({ hasText: "written by the portal" }).filter({ hasText: fixed.name });
    await expect(own.first()).toBeVisible();
    await own.first().click();
    await expect(own.first().getByRole("link", { name: "the run in history" })).toBeVisible();

    await customerAdminEdits(tenant.tenantId, fixed.policyId, { conditions: { users: { excludeGuestsOrExternalUsers: null } } });
    const removed = page.locator('[data-testid="change-event"][data-event-type="exclusion-removed"]');
    await reloadUntil(page, url, async () => (await removed.count()) === 1);
    await expect(changes.first()).toHaveAttribute("data-event-type", /exclusion-removed|policy-changed/);
    await expect(removed).toContainText(`"${fixed.name}" no longer excludes the MSP's service providers: the exclusion was removed`);
    await expect(removed).toContainText("seen by the scheduled sweep");
    await removed.click();
    await expect(removed).toContainText("Changed: conditions.users.excludeGuestsOrExternalUsers");
    // The diff in words: the MSP's exclusion is in the version before and gone from the one after.
    await expect(removed.getByTestId("policy-before")).toContainText("your MSP tenant");
    await expect(removed.getByTestId("policy-after")).not.toContainText("your MSP tenant");
    await page.screenshot({ path: "test-results/e2e/guard-changes.png", fullPage: true });
  });
  test("in the MSP's own tenant, a new policy that may apply to the service account shows on the partner page within one sweep", async ({ page }) => {
    const facts = await partnerFacts();
    await ensureConnected(page);
    await syncAll(page); // the guard sweeps once the customers are listed
    await openPartnerPage(page);
    await chooseAccount(page, "svc", facts.serviceAccount.userPrincipalName);
    // A sweep reads the partner tenant after the account is chosen (the first read of a tenant is its baseline).
    const chosenAt = Date.now();
    const lastRead = page.getByTestId("guard-last-read");
    await reloadUntil(page, "/partner", async () => Date.parse((await lastRead.getAttribute("data-read-at")) || "0") > chosenAt);
    await expect(lastRead).toContainText("The scheduled sweep last read this tenant on");

    // Someone in the MSP adds a policy for all users, excluding only the break-glass account.
    const name = `MFA for all staff ${Date.now()}`;
    const cp = await controlPlane();
    const res = await cp.post(`/_emulator/tenants/${facts.tenantId}/policies`, {
      data: {
        displayName: name,
        state: "enabledForReportingButNotEnforced",
        conditions: {
          users: { includeUsers: ["All"], excludeUsers: [facts.breakGlassId] },
          applications: { includeApplications: ["All"] },
          clientAppTypes: ["all"],
        },
        grantControls: { operator: "OR", builtInControls: ["mfa"] },
      },
    });
    expect(res.ok(), await res.text()).toBe(true);
    const created = (await res.json()) as { id: string };
    try {
      const covers = page.locator('[data-testid="change-event"][data-event-type="partner-policy-covers-account"]', { hasText: name });
      await reloadUntil(page, "/partner", async () => (await covers.count()) === 1);
      await expect(covers).toContainText(`The new policy "${name}" may apply to the service account ${facts.serviceAccount.userPrincipalName}`);
      await expect(covers).toContainText("seen by the scheduled sweep");
      await covers.click();
      await expect(covers.getByTestId("policy-after")).toContainText("Includes all users");
      await page.screenshot({ path: "test-results/e2e/guard-partner-changes.png", fullPage: true });
    } finally {
      await cp.delete(`/_emulator/tenants/${facts.tenantId}/policies/${created.id}`);
      await cp.dispose();
    }
  });
});
