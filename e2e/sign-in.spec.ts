import { expect, test } from "@playwright/test";
import { controlPlane, fleet, signIn, staff } from "./support/local-cloud";

test.describe("sign-in", () => {
  test("the seeded admin signs in through the local cloud and the portal knows who they are", async ({ page, context }) => {
    const admin = staff(await fleet(), "Portal.Admin");
    await signIn(page, admin.displayName, "/status");
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("user-slot")).toContainText(admin.displayName);
    await expect(page.getByTestId("user-slot")).toContainText("admin");

    const session = (await context.cookies()).find((c) => c.name === "__Host-msp_session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await (await page.request.get("/api/me")).json()).toEqual({ upn: admin.userPrincipalName, displayName: admin.displayName, role: "admin" });
  });

  test("signed-in staff see the portal's pages in the navigation, and each of them works", async ({ page }) => {
    await signIn(page, staff(await fleet(), "Portal.Reader").displayName, "/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveText(["Dashboard", "Tenants", "Partner tenant", "History", "Settings", "Status"]);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
      const res = await page.request.get(href!, { maxRedirects: 0 });
      expect(res.status(), href!).toBe(200);
    }
  });

  test("a user of a customer tenant cannot sign in", async ({ page }) => {
    const f = await fleet();
    const customer = f.customers.find((c) => c.scenario === "healthy")!;
    const cp = await controlPlane();
    const [user] = (
      (await (await cp.get(`/_emulator/tenants/${customer.tenantId}/users`)).json()) as { value: { userPrincipalName: string; password: string }[] }
    ).value;
    await cp.dispose();

    await page.goto("/login");
    await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
    await page.getByLabel("Email or user principal name").fill(user!.userPrincipalName);
    await page.getByLabel("Password", { exact: true }).fill(user!.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText(/AADSTS50020/)).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/sign-in-refused.png", fullPage: true });
    expect((await page.request.get("/api/me")).status()).toBe(401);
  });

  test("signing out ends the session: the old cookie no longer works", async ({ page, context }) => {
    const operator = staff(await fleet(), "Portal.Operator");
    await signIn(page, operator.displayName, "/status");
    const old = (await context.cookies()).find((c) => c.name === "__Host-msp_session")!.value;
    expect((await page.request.get("/api/me")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await expect(page.getByTestId("user-slot")).toHaveText("Not signed in");

    const replay = await page.request.get("/api/me", { headers: { cookie: `__Host-msp_session=${old}` } });
    expect(replay.status()).toBe(401);
  });

  test("sign-out refuses a cross-site request", async ({ request }) => {
    const res = await request.post("/api/auth/logout", { headers: { origin: "https://evil.example" }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
  });
});
