import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ensureConnected, expectRefused, expectSignInAsked, syncAll } from "./support/portal";

// Issue 19 acceptance 4: the tenants list is served a page at a time, paged in SQL within the caller's scope.
test.describe("GET /api/tenants paged", () => {
  test("one page and the total; pages do not overlap; the whole list without params is unchanged", async ({ page }) => {
    await ensureConnected(page);
    let all = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string }[];
    if (all.length === 0) {
      await syncAll(page);
      all = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string }[];
    }
    const first = await page.request.get("/api/tenants?page=0&pageSize=25&sort=displayName&dir=asc");
    expect(first.status()).toBe(200);
    const body = (await first.json()) as { rows: { id: string }[]; total: number; page: number; pageSize: number };
    expect(body.total).toBe(all.length);
    expect(body.rows.map((r) => r.id)).toEqual(all.slice(0, 25).map((r) => r.id));
    const second = (await (await page.request.get("/api/tenants?page=1&pageSize=25")).json()) as { rows: { id: string }[] };
    expect(second.rows.map((r) => r.id)).toEqual(all.slice(25, 50).map((r) => r.id));
    const search = (await (await page.request.get(`/api/tenants?page=0&pageSize=25&q=${encodeURIComponent(all[0]!.displayName)}`)).json()) as {
      rows: { id: string }[];
    };
    expect(search.rows.map((r) => r.id)).toContain(all[0]!.id);
  });

  test("bad parameters are refused with words, and nobody signed out gets rows", async ({ page, browser }) => {
    await ensureConnected(page);
    await expectRefused(
      page,
      "/api/tenants?page=0&pageSize=5000&sort=secret",
      "The tenant list query is not valid: pageSize must be 25, 50 or 100; sort must be one of displayName, accessHealth, gdapStatus, gdapEndsAt, policyCount, needsFixCount, needsReviewCount, lastSyncedAt, signInVerdict.",
    );
    await expectSignInAsked(browser, page, ["/api/tenants?page=0&pageSize=25"]);
  });
});

// The /tenants page on that API: its HTML carries one page, the grid asks the server for the next one, and the address keeps the search.
test.describe("the tenants page a page at a time", () => {
  test("pages on the server, shows the fleet's count, and a search in the address comes back", async ({ page }) => {
    await ensureConnected(page);
    let all = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string }[];
    if (all.length === 0) {
      await syncAll(page);
      all = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string }[];
    }
    expect(all.length).toBeGreaterThan(25);
    await page.goto("/tenants");
    const grid = page.getByRole("grid", { name: "Customer tenants" });
    const rows = grid.getByRole("row").filter({ has: page.getByRole("link") });
    await expect(rows.first()).toBeVisible({ timeout: 15_000 });
    await page.getByRole("combobox", { name: /Rows per page/ }).click();
    const firstPage = page.waitForResponse((r) => r.url().includes("/api/tenants?page=0&pageSize=25"));
    await page.getByRole("option", { name: "25", exact: true }).click();
    expect((await firstPage).status()).toBe(200);
    await expect(rows).toHaveCount(25);
    await expect(rows.first()).toContainText(all[0]!.displayName);
    const secondPage = page.waitForResponse((r) => r.url().includes("/api/tenants?page=1&pageSize=25"));
    await page.getByRole("button", { name: "Go to next page" }).click();
    expect((await secondPage).status()).toBe(200);
    await expect(rows).toHaveCount(Math.min(25, all.length - 25));
    await expect(rows.first()).toContainText(all[25]!.displayName);
    await expect(page.getByText(`26–${Math.min(50, all.length)} of ${all.length}`)).toBeVisible();

    // A search typed in the toolbar is asked of the server and kept in the address; a reload shows the same tenants.
    const name = all[30]!.displayName;
    await page.getByRole("searchbox").fill(name);
    await expect(page).toHaveURL(new RegExp(`/tenants\\?q=${encodeURIComponent(name).replace(/%20/g, "\\+")}$`));
    await expect(rows.filter({ has: page.getByRole("link", { name, exact: true }) })).toHaveCount(1);
    await page.reload();
    await expect(page.getByRole("searchbox")).toHaveValue(name);
    await expect(rows.filter({ has: page.getByRole("link", { name, exact: true }) })).toHaveCount(1);
  });
});

// The grid holds one page; the page's "Download CSV" streams every tenant the search and preset match.
test.describe("the tenants CSV", () => {
  test("downloads every matching tenant, not only the page shown, in the grid's words", async ({ page }) => {
    await ensureConnected(page);
    const all = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string; accessHealth: string | null }[];
    expect(all.length).toBeGreaterThan(25);
    await page.goto("/tenants");
    const button = page.getByRole("link", { name: `Download CSV (${all.length} tenants)` });
    await expect(button).toBeVisible({ timeout: 15_000 });
    const download = page.waitForEvent("download");
    await button.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("customer-tenants.csv");
    const lines = readFileSync((await file.path())!, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Tenant,Tenant id,GDAP,GDAP warning,Access ends,Roles granted,Access,Reason,GDAP sign-in,Sign-in checked,Policies,Need fix,Need review,Last synced,Last sync error,Last change",
    );
    expect(lines).toHaveLength(all.length + 1);
    for (const t of all.slice(0, 40)) expect(lines.some((l) => l.includes(t.id))).toBe(true);

    // With a preset, the button counts and the file holds only its tenants.
    await page.getByTestId("preset-blocked").click();
    const blocked = all.filter((t) => t.accessHealth === "blocked-by-ca");
    const label = `Download CSV (${blocked.length} ${blocked.length === 1 ? "tenant" : "tenants"})`;
    await expect(page.getByRole(blocked.length ? "link" : "button", { name: label })).toBeVisible();
    const filtered = await page.request.get("/api/tenants/csv?sort=displayName&dir=asc&show=blocked");
    const rows = (await filtered.text()).trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(blocked.length);
    expect(rows.every((r) => r.includes("Blocked by CA"))).toBe(true);

    await expectRefused(page, "/api/tenants/csv?page=3", "The tenant list query is not valid: unknown parameter page.");
  });
});
