// Steps a person takes in the portal, shared by specs: connecting the automation account and
// syncing the fleet. Each is idempotent, so specs can run alone or in any order.
import { expect, type Browser, type Page } from "@playwright/test";
import { fleet, signIn, staff } from "./local-cloud";

export async function signInAs(page: Page, role: "Portal.Admin" | "Portal.Operator" | "Portal.Reader", returnTo = "/") {
  await signIn(page, staff(await fleet(), role).displayName, returnTo);
}

/** As an admin: Settings -> Connect -> sign the automation account in at the local cloud. */
export async function ensureConnected(page: Page): Promise<void> {
  await signInAs(page, "Portal.Admin", "/settings");
  const health = page.getByTestId("connection-health");
  if (/can get tokens/.test((await health.textContent()) ?? "")) return;
  await page.getByRole("button", { name: /Connect (automation account|again)/ }).click();
  const account = (await fleet()).partner.serviceAccount;
  await page.getByRole("button", { name: new RegExp(`Sign in as .*\\(service account\\)`) }).click();
  await expect(page).toHaveURL(/\/settings\?connect=ok/);
  await expect(health).toContainText(`Connected as ${account.userPrincipalName}`);
}

interface TenantRow {
  id: string;
  displayName: string;
  gdapStatus: string;
  lastSyncedAt: string | null;
}

/** As whoever is signed in (operator or admin): Sync all, then wait until every tenant was read. */
export async function syncAll(page: Page): Promise<TenantRow[]> {
  const customers = (await fleet()).customers.length;
  const started = Date.now();
  await page.goto("/tenants");
  await page.getByRole("button", { name: "Sync all" }).click();
  await expect(page.getByTestId("sync-progress")).toBeVisible({ timeout: 30_000 }); // the server action answers first, on a busy machine slowly
  let rows: TenantRow[] = [];
  await expect
    .poll(
      async () => {
        rows = (await (await page.request.get("/api/tenants")).json()) as TenantRow[];
        return rows.filter((r) => r.lastSyncedAt && Date.parse(r.lastSyncedAt) >= started - 1000).length;
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(customers);
  return rows;
}

/** A list API's refusal of a bad query (the tenants grid, history, their CSVs): a 400 whose error is `sentence`. */
export async function expectRefused(page: Page, path: string, sentence: string): Promise<void> {
  const answer = await page.request.get(path);
  expect(answer.status(), path).toBe(400);
  expect(((await answer.json()) as { error: string }).error).toBe(sentence);
}

/** Nobody signed out gets rows: each of `paths` answers 401 to a browser that has not signed in. */
export async function expectSignInAsked(browser: Browser, page: Page, paths: readonly string[]): Promise<void> {
  const stranger = await browser.newContext();
  const origin = new URL(page.url()).origin;
  for (const path of paths) expect((await stranger.request.get(`${origin}${path}`)).status(), path).toBe(401);
  await stranger.close();
}
