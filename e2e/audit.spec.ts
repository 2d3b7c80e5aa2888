// Honest audit (acceptance 5) and the audit page: the client's address comes from the socket, not
// from a header the client wrote; unauthenticated failures are counted, not one row each; admins
// read, filter, page and export the log, and nobody else can.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_ENV } from "../playwright.config";
import { fleet, staff } from "./support/local-cloud";
import { signInAs } from "./support/portal";

const DB = `postgresql://postgres:postgres@127.0.0.1:${E2E_ENV.EMBEDDED_PG_PORT}/portal`;
const FORGED = { "X-Forwarded-For": "203.0.113.66", "X-Portal-Socket-Address": "203.0.113.77" };
// lib/audit/unauthenticated.ts: one row per minute for one (action, address, reason); 101 a minute at most.
const MAX_ROWS_PER_MINUTE = 101;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DB });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

test.describe("honest audit", () => {
  test("a sign-in with a forged X-Forwarded-For (and a forged socket header) records the socket's address", async ({ browser }) => {
    const context = await browser.newContext({ extraHTTPHeaders: FORGED });
    const page = await context.newPage();
    const since = new Date();
    await signInAs(page, "Portal.Operator", "/tenants");
    const rows = await query<{ ip: string; actorUpn: string }>(
      `select ip, "actorUpn" from "AuditEvent" where action = 'sign-in' and result = 'success' and at >= $1`,
      [since],
    );
    expect(rows).toEqual([{ ip: "127.0.0.1", actorUpn: staff(await fleet(), "Portal.Operator").userPrincipalName }]);
    await context.close();
  });

  test("1,000 unauthenticated sign-in callbacks add at most one audit row per minute, counting them all", async ({ playwright }) => {
    test.setTimeout(180_000);
    const api = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${E2E_ENV.PORT}`, extraHTTPHeaders: FORGED, maxRedirects: 0 });
    const since = new Date();
    const before = (await query<{ n: number }>(`select count(*)::int as n from "AuditEvent"`))[0]!.n;
    for (let i = 0; i < 1000; i += 25) {
      const answers = await Promise.all(Array.from({ length: 25 }, (_, j) => api.get(`/api/auth/callback?code=c${i + j}&state=forged${i + j}`)));
      for (const a of answers) expect(a.status()).toBe(307); // back to the sign-in page: "expired", no sign-in was started here
    }
    const until = new Date();
    await api.dispose();
    const minutes = Math.floor(until.getTime() / 60_000) - Math.floor(since.getTime() / 60_000) + 1;
    const added = (await query<{ n: number }>(`select count(*)::int as n from "AuditEvent"`))[0]!.n - before;
    expect(added).toBeLessThanOrEqual(minutes); // one (action, address, reason): one row a minute
    expect(added).toBeLessThanOrEqual(MAX_ROWS_PER_MINUTE * minutes);
    const windows = await query<{ ip: string; reason: string; count: number; auditIp: string }>(
      `select w.ip, w.reason, w.count, e.ip as "auditIp" from "AuditFailureWindow" w join "AuditEvent" e on e.id = w."auditEventId" where e.at >= $1 and w.action = 'sign-in'`,
      [since],
    );
    expect(windows.reduce((n, w) => n + w.count, 0)).toBe(1000);
    expect(new Set(windows.map((w) => `${w.ip} ${w.auditIp} ${w.reason}`))).toEqual(new Set(["127.0.0.1 127.0.0.1 expired"]));
  });

  test("an admin reads the audit log newest first, filters it, pages it and exports the same filters as CSV", async ({ page }) => {
    await signInAs(page, "Portal.Admin", "/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(page.getByTestId("audit-page")).toHaveText(/^Page 1 of \d+$/);
    // Newest first: the admin's own sign-in is the top row.
    const firstRow = page.getByRole("row").nth(1);
    await expect(firstRow).toContainText(staff(await fleet(), "Portal.Admin").userPrincipalName);
    await expect(firstRow).toContainText("sign-in");

    // The counted callbacks: one row, not signed in, from the socket's address, with how many times.
    await page.getByRole("combobox", { name: "Action" }).click();
    await page.getByRole("option", { name: "sign-in" }).click();
    await page.getByRole("combobox", { name: "Result" }).click();
    await page.getByRole("option", { name: "denied" }).click();
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/[?&]action=sign-in/);
    await expect(page).toHaveURL(/[?&]result=denied/);
    const counted = page.getByRole("row").filter({ hasText: "not signed in" });
    await expect(counted.first()).toContainText("127.0.0.1");
    await expect(page.getByRole("row").filter({ hasText: "203.0.113" })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screenshots/audit.png", fullPage: true });

    const csvHref = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
    expect(csvHref).toBe("/api/audit/csv?action=sign-in&result=denied");
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("time (UTC),actor,action,result,tenant id,tenant,target,client address,count,last (UTC),detail");
    const counts = lines.slice(1).map((l) => l.split(","));
    expect(counts.every((c) => c[2] === "sign-in" && c[3] === "denied" && c[7] === "127.0.0.1")).toBe(true);
    expect(counts.reduce((n, c) => n + Number(c[8]), 0)).toBeGreaterThanOrEqual(1000);

    const bad = await page.request.get("/api/audit/csv?result=maybe&tenant=..%2Fetc");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/^The filters are not valid: .*result: .*tenant: /);
  });

  test("nobody but an admin reads the audit log: the page sends others to 'forbidden', the CSV refuses them", async ({ page, request }) => {
    expect((await request.get("/api/audit/csv")).status()).toBe(401);
    await signInAs(page, "Portal.Operator", "/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/forbidden$/);
    const csv = await page.request.get("/api/audit/csv");
    expect(csv.status()).toBe(403);
    expect((await csv.json()).error).toBe("Only an admin can read the audit log.");
  });
});
