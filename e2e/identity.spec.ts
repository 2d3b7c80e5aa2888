// Issue 14 (identity, the Users page, fresh sign-in) against the demo stack. The role is Entra's,
// read again at every sign-in: the local cloud's control plane changes a user's app role as an Entra
// admin would, and restores it afterwards, so the other specs find their seeded staff as they were.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmAndWait, lastSeq } from "./support/fix";
import { ageSignIns, assignPortalRole, attemptSignIn, fleet, signIn, staff } from "./support/local-cloud";
import {
  arrangeDedicatedPolicy,
  chooseAccount,
  clearPartnerFaults,
  DEDICATED_CHANGE,
  livePolicy,
  openDedicatedPreview,
  openPartnerPage,
  partnerFacts,
  writesSince,
} from "./support/partner";
import { ensureConnected, signInAs } from "./support/portal";

const NO_ROLE = "Your account has no role in this portal";
const SESSION_COOKIE = "__Host-msp_session";

async function me(page: Page): Promise<{ status: number; role?: string }> {
  const res = await page.request.get("/api/me");
  return res.ok() ? { status: res.status(), role: ((await res.json()) as { role: string }).role } : { status: res.status() };
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Signs out of the portal only (the local cloud keeps remembering the sign-in, as Entra does). */
async function leavePortal(page: Page): Promise<void> {
  await page.context().clearCookies({ name: SESSION_COOKIE });
}

test.describe("identity: who may sign in, with which role", () => {
  test("a B2B guest of the MSP's tenant with a portal role is refused; so is an account without a role, with one clear message", async ({ page }) => {
    const f = await fleet();
    const guest = f.partner.staff.find((s) => s.guest)!;
    expect(guest.portalRole).toBe("Portal.Operator");
    await attemptSignIn(page, guest.displayName);
    await expect(page).toHaveURL(/\/login\?error=guest$/);
    await expect(page.getByTestId("sign-in-error")).toHaveText(
      `${guest.userPrincipalName} is a guest of the MSP's tenant (the token says the account is a guest (acct 1)). Only member accounts of the MSP's own tenant can sign in to this portal.`,
    );
    expect((await me(page)).status).toBe(401);

    const technician = f.partner.staff.find((s) => s.userPrincipalName.startsWith("technician@"))!;
    await attemptSignIn(page, technician.displayName);
    await expect(page).toHaveURL(/\/login\?error=no-role$/);
    await expect(page.getByTestId("sign-in-error")).toContainText(NO_ROLE);
    await expect(page.getByText(NO_ROLE)).toHaveCount(1);
    expect((await me(page)).status).toBe(401);
  });

  test("removing a user's app role in the local cloud: their next sign-in is refused, and their open session ends", async ({ browser }) => {
    const operator = staff(await fleet(), "Portal.Operator");
    const open = await newPage(browser);
    await signIn(open, operator.displayName, "/tenants");
    expect(await me(open)).toEqual({ status: 200, role: "operator" });
    try {
      await assignPortalRole(operator.userPrincipalName, null);
      // Nothing changes until the portal sees a new id token.
      expect(await me(open)).toEqual({ status: 200, role: "operator" });
      const again = await newPage(browser);
      await attemptSignIn(again, operator.displayName);
      await expect(again).toHaveURL(/\/login\?error=no-role$/);
      await expect(again.getByTestId("sign-in-error")).toContainText(NO_ROLE);
      // The sign-in that found the role gone ended every session of theirs.
      expect((await me(open)).status).toBe(401);
      await open.goto("/tenants");
      await expect(open).toHaveURL(/\/login\?returnTo=%2Ftenants$/);
    } finally {
      await assignPortalRole(operator.userPrincipalName, "Portal.Operator");
    }
    // Given the role again, the next sign-in is admitted with it.
    await signIn(open, operator.displayName, "/");
    expect(await me(open)).toEqual({ status: 200, role: "operator" });
  });

  test("lowering an admin to reader in the local cloud: their next sign-in is a reader; raised again, an admin", async ({ browser }) => {
    const admin = staff(await fleet(), "Portal.Admin");
    const page = await newPage(browser);
    await signIn(page, admin.displayName, "/");
    expect(await me(page)).toEqual({ status: 200, role: "admin" });
    try {
      await assignPortalRole(admin.userPrincipalName, "Portal.Reader");
      await leavePortal(page);
      await signIn(page, admin.displayName, "/");
      expect(await me(page)).toEqual({ status: 200, role: "reader" });
      await expect(page.getByTestId("user-slot")).toContainText("reader");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
        "Dashboard",
        "Tenants",
        "Partner tenant",
        "History",
        "Settings",
        "Status",
      ]);
      await page.goto("/users");
      await expect(page).toHaveURL(/\/forbidden$/);
    } finally {
      await assignPortalRole(admin.userPrincipalName, "Portal.Admin");
    }
    await leavePortal(page);
    await signIn(page, admin.displayName, "/users");
    expect(await me(page)).toEqual({ status: 200, role: "admin" });
    await expect(page.locator(`[data-testid="user-row"][data-upn="${admin.userPrincipalName}"]`).getByTestId("user-role")).toHaveText("Admin");
  });
});

test.describe("the Users page", () => {
  test("an admin disables a user: their open session ends at once and their sign-in is refused; enabled again, they sign in", async ({ browser }) => {
    const f = await fleet();
    const operator = staff(f, "Portal.Operator");
    const admin = staff(f, "Portal.Admin");
    const theirs = await newPage(browser);
    await signIn(theirs, operator.displayName, "/tenants");

    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, admin.displayName, "/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();
    await expect(page.getByTestId("fresh-sign-in-needed")).toHaveCount(0);
    const row = page.locator(`[data-testid="user-row"][data-upn="${operator.userPrincipalName}"]`);
    await expect(row.getByTestId("user-role")).toHaveText("Operator");
    await expect(row.getByTestId("user-status")).toHaveText("Enabled");
    const sessions = Number(await row.getByTestId("user-sessions").textContent());
    expect(sessions).toBeGreaterThanOrEqual(1);
    // An admin cannot disable themselves.
    await expect(page.locator(`[data-testid="user-row"][data-upn="${admin.userPrincipalName}"]`).getByRole("button", { name: "Disable" })).toBeDisabled();

    await row.getByRole("button", { name: `Show the sessions of ${operator.displayName}` }).click();
    const sessionsTable = page.getByRole("table", { name: `Sessions of ${operator.displayName}` });
    await expect(sessionsTable.getByTestId("session-row")).toHaveCount(sessions);
    await expect(sessionsTable.getByTestId("session-row").first()).toContainText("127.0.0.1");
    await page.screenshot({ path: "docs/screenshots/users.png", fullPage: true });

    await row.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("status")).toHaveText(`${operator.userPrincipalName} is disabled; ${sessions} session${sessions === 1 ? "" : "s"} ended.`);
    await expect(row.getByTestId("user-status")).toHaveText("Disabled");
    await expect(row.getByTestId("user-sessions")).toHaveText("0");

    // Their next request is refused.
    expect((await me(theirs)).status).toBe(401);
    await theirs.goto("/tenants");
    await expect(theirs).toHaveURL(/\/login\?returnTo=%2Ftenants$/);
    await leavePortal(theirs);
    await attemptSignIn(theirs, operator.displayName);
    await expect(theirs).toHaveURL(/\/login\?error=disabled$/);
    await expect(theirs.getByTestId("sign-in-error")).toHaveText("This portal account is disabled. Ask a portal admin.");

    await row.getByRole("button", { name: "Enable" }).click();
    await expect(row.getByTestId("user-status")).toHaveText("Enabled");
    await signIn(theirs, operator.displayName, "/");
    expect(await me(theirs)).toEqual({ status: 200, role: "operator" });
  });
});

test.describe("fresh sign-in", () => {
  test("a sign-in older than 15 minutes asking to enforce the dedicated policy is sent to sign in again, comes back to the page, and then enforces it", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const facts = await partnerFacts();
    const admin = staff(await fleet(), "Portal.Admin");
    await clearPartnerFaults(facts.tenantId);
    await ensureConnected(page);
    await openPartnerPage(page);
    await chooseAccount(page, "svc", facts.serviceAccount.userPrincipalName);
    const policy = await arrangeDedicatedPolicy(facts.tenantId, facts.serviceAccount.id);

    // The admin's sign-in becomes 20 minutes old: the local cloud's remembered sign-in is aged, and
    // signing in to the portal again through the account picker is single sign-on, which keeps
    // Entra's auth_time (no password asked).
    await leavePortal(page);
    await signInAs(page, "Portal.Admin", "/partner");
    expect(await ageSignIns(20)).toBeGreaterThan(0);
    await leavePortal(page);
    await signInAs(page, "Portal.Admin", "/users");
    await expect(page.getByTestId("fresh-sign-in-needed")).toContainText(/you last signed in 2\d minutes ago/);

    await openPartnerPage(page);
    await expect(page.getByTestId("dedicated-state")).toHaveText("Report-only");
    const seq = await lastSeq(facts.tenantId);
    const stale = await openDedicatedPreview(page, "enforce");
    await stale.getByRole("button", { name: DEDICATED_CHANGE.enforce.confirm }).click();

    // Sent to sign in again: Entra (the local cloud) is asked for a sign-in within 15 minutes, and
    // shows the account picker because the remembered one is older.
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize\?/);
    expect(new URL(page.url()).searchParams.get("max_age")).toBe("900");
    expect(await writesSince(facts.tenantId, seq), "nothing is written for the refused confirmation").toEqual([]);
    await page.getByRole("button", { name: `Sign in as ${admin.displayName}` }).click();

    // Back on the same page, with a fresh sign-in: the enforcement goes through.
    await page.waitForURL((url) => url.pathname === "/partner");
    await expect(page.getByTestId("dedicated-policy")).toBeVisible({ timeout: 30_000 });
    const dialog = await openDedicatedPreview(page, "enforce");
    expect(await confirmAndWait(dialog, { approvedBySecondAdmin: true, button: DEDICATED_CHANGE.enforce.confirm })).toBe("succeeded");
    expect((await livePolicy(facts.tenantId, policy.id)).state).toBe("enabled");
    expect((await writesSince(facts.tenantId, seq)).map((w) => [w.method, w.requestBody])).toEqual([["PATCH", { state: "enabled" }]]);
  });
});
