import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_ENV } from "../playwright.config";
import { ensureConnected, expectRefused, expectSignInAsked } from "./support/portal";

// Issue 19 for history: the page holds one page of changes the server chose and counted; the CSV is every match.

// The e2e stack's own embedded database (see playwright.config.ts).
const DB = `postgresql://postgres:postgres@127.0.0.1:${E2E_ENV.EMBEDDED_PG_PORT}/portal`;
// 130 changes of a run long past, to a tenant that is no customer (no other spec's tenant or page shows them first),
// by someone only this spec names: more than two pages of 50, whatever the other specs have recorded.
const OLD_RUN = "e2e00000-0000-4000-8000-000000000019";
const NOBODY = "e2e00000-0000-4000-8000-0000000000aa";
const BY = "history-paging@msp.example";
const COUNT = 130;

async function recordOldChanges(): Promise<void> {
  const client = new pg.Client({ connectionString: DB });
  await client.connect();
  try {
    const inserted = await client.query(
      `INSERT INTO "RemediationRun" (id, kind, action, status, "requestedByUpn", target, options, "createdAt")
       VALUES ($1, 'bulk-fix', 'exclude-service-provider', 'succeeded', $2, '{}', '{}', '2020-01-01T00:00:00Z') ON CONFLICT (id) DO NOTHING`,
      [OLD_RUN, BY],
    );
    if (inserted.rowCount === 0) return;
    // History is append-only: these are inserted once, never changed. Five to an instant, so only the id orders them.
    await client.query(
      `INSERT INTO "RemediationChange" (id, "runId", "tenantId", "policyId", "policyName", action, "plannedOutcome", result, reason, warnings, "createdAt")
       SELECT gen_random_uuid(), $1, $2, 'p-' || n, 'Paging policy ' || lpad(n::text, 3, '0'), 'exclude-service-provider', 'patch', 'skipped',
              'kept for the paging test', '{}', timestamp '2020-01-01 00:00:00' + (n / 5) * interval '1 minute'
       FROM generate_series(0, $3 - 1) AS n`,
      [OLD_RUN, NOBODY, COUNT],
    );
  } finally {
    await client.end();
  }
}

const csvLines = (text: string) => text.trimEnd().split("\r\n");

test.describe("history a page at a time", () => {
  test("the grid pages and orders on the server, counts every change, and the CSV holds them all", async ({ page }) => {
    await ensureConnected(page);
    await recordOldChanges();
    const api = (await (await page.request.get("/api/history?page=0&pageSize=50")).json()) as { total: number; rows: { policyName: string }[] };
    const total = api.total;
    expect(total).toBeGreaterThanOrEqual(COUNT);
    expect(api.rows).toHaveLength(50);

    await page.setViewportSize({ width: 1440, height: 900 });
    // The footer ("1–50 of N") counts what the server counted; the next page is asked of the server.
    await page.goto("/history");
    const grid = page.getByRole("grid", { name: "Remediation history" });
    await expect(page.getByText(`1–50 of ${total}`)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("history-summary")).toHaveText(
      `${total.toLocaleString("en-US")} changes. Click a row to see its before, request, after and Graph's answer.`,
    );
    await page.screenshot({ path: "test-results/screenshots/history-paged.png", fullPage: true });
    const second = page.waitForResponse((r) => r.url().includes("/api/history?page=1&pageSize=50&dir=desc"));
    await page.getByRole("button", { name: "Go to next page" }).click();
    expect((await second).status()).toBe(200);
    await expect(page.getByText(`51–${Math.min(100, total)} of ${total}`)).toBeVisible();
    // Oldest first is asked of the server too: the first of the old changes comes first.
    const oldest = page.waitForResponse((r) => r.url().includes("/api/history?page=0&pageSize=50&dir=asc"));
    await grid.getByRole("columnheader", { name: "When" }).click();
    expect((await oldest).status()).toBe(200);
    await expect(grid.getByRole("row").nth(1)).toContainText(/Paging policy 00[0-4]/);
    // The grid's own export would be one page: only the page's download is offered.
    await expect(page.getByRole("button", { name: "Export" })).toHaveCount(0);

    // "Download CSV (N changes)": every change, not the page shown, each once.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: `Download CSV (${total} changes)` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("remediation-history.csv");
    const lines = csvLines(readFileSync((await file.path())!, "utf8"));
    expect(lines[0]).toBe(
      "When,Tenant,Tenant id,Policy,Policy id,Action,Result,Graph,API,Proof of access,By,Request,Reason,Error,Graph request id,Run,Run id,Ticket",
    );
    expect(lines).toHaveLength(total + 1);
    const old = lines.filter((l) => l.includes(OLD_RUN));
    expect(new Set(old.map((l) => l.split(",")[3])).size).toBe(COUNT);
    // In the grid's order (oldest first, as it was sorted when downloaded).
    expect(old[0]).toMatch(/Paging policy 00[0-4]/);
  });

  test("the filters in the address are the server's: the count, the pages and the CSV keep to them", async ({ page }) => {
    await ensureConnected(page);
    await recordOldChanges();
    await page.goto(`/history?user=${encodeURIComponent(BY)}&to=2020-01-01`);
    const grid = page.getByRole("grid", { name: "Remediation history" });
    await expect(page.getByText(`1–50 of ${COUNT}`)).toBeVisible({ timeout: 15_000 });
    await expect(grid.getByRole("row").nth(1)).toContainText(/Paging policy 12[5-9]/);
    const csv = await page.request.get(`/api/history/csv?user=${encodeURIComponent(BY)}&to=2020-01-01&dir=desc`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const rows = csvLines(await csv.text()).slice(1);
    expect(rows).toHaveLength(COUNT);
    expect(rows.every((r) => r.includes(BY))).toBe(true);
    await expect(page.getByRole("link", { name: `Download CSV (${COUNT} changes)` })).toBeVisible();
  });

  test("bad parameters are refused with words, and nobody signed out gets changes", async ({ page, browser }) => {
    await ensureConnected(page);
    await expectRefused(page, "/api/history/csv?page=2", "The history query is not valid: unknown parameter page.");
    await expectRefused(
      page,
      "/api/history?page=0&pageSize=5000&result=deleted",
      "The history query is not valid: pageSize must be 25, 50 or 100; result must be one of pending, applied, failed, skipped.",
    );
    await expectSignInAsked(browser, page, ["/api/history?page=0&pageSize=50", "/api/history/csv"]);
  });
});
