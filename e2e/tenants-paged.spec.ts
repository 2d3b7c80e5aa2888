import { expect, test } from "@playwright/test";
import { ensureConnected, syncAll } from "./support/portal";

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
    const bad = await page.request.get("/api/tenants?page=0&pageSize=5000&sort=secret");
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      "The tenant list query is not valid: pageSize must be 25, 50 or 100; sort must be one of displayName, accessHealth, gdapStatus, gdapEndsAt, policyCount, needsFixCount, needsReviewCount, lastSyncedAt.",
    );
    const stranger = await browser.newContext();
    const anon = await stranger.request.get(`${new URL(page.url()).origin}/api/tenants?page=0&pageSize=25`);
    expect(anon.status()).toBe(401);
    await stranger.close();
  });
});
