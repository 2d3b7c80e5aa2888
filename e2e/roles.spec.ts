import { expect, test, type Request } from "@playwright/test";
import pg from "pg";
import { E2E_ENV } from "../playwright.config";
import { isWrite, lastSeq, openFixAll, requestLog, stillToFix } from "./support/fix";
import { fleet, staff } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

// The e2e stack's own embedded database (see playwright.config.ts).
const DB = `postgresql://postgres:postgres@127.0.0.1:${E2E_ENV.EMBEDDED_PG_PORT}/portal`;

test.describe("roles are enforced on the server", () => {
  test("a reader replaying the fix action is refused: no Graph write, and an audit row says who tried", async ({ browser }) => {
    test.setTimeout(240_000);
    const operator = await browser.newPage();
    await ensureConnected(operator);
    await syncAll(operator);
    await operator.context().clearCookies();
    await signInAs(operator, "Portal.Operator", "/tenants");
    const tenant = (await stillToFix(operator, "missing-exclusion"))[0]!;

    // The operator's real Confirm, caught on its way out and never delivered: its action id and
    // body are exactly what a reader would have to replay.
    const dialog = await openFixAll(operator, tenant);
    let caught: Request | null = null;
    await operator.route("**/*", async (route) => {
      if (!caught && route.request().method() === "POST" && route.request().headers()["next-action"]) {
        caught = route.request();
        return route.abort();
      }
      return route.continue();
    });
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect.poll(() => caught !== null).toBe(true);
    const confirm = caught as unknown as Request;
    // The action's arguments: the preview's run id, the ticks and the ticket.
    const runId = /"runId":"([0-9a-f-]{36})"/.exec(confirm.postData() ?? "")?.[1];
    expect(runId, confirm.postData() ?? "").toBeDefined();

    const reader = await browser.newPage();
    await signInAs(reader, "Portal.Reader", "/tenants");
    const seq = await lastSeq(tenant.tenantId);
    const since = new Date();
    const headers = Object.fromEntries(Object.entries(confirm.headers()).filter(([k]) => !["cookie", "content-length"].includes(k)));
    const replay = await reader.request.post(confirm.url(), {
      headers: { ...headers, origin: `http://127.0.0.1:${E2E_ENV.PORT}` },
      data: confirm.postData() ?? "",
    });
    expect(await replay.text()).toContain("This needs the operator role; you are a reader.");

    expect((await requestLog(tenant.tenantId, { sinceSeq: seq })).filter(isWrite)).toEqual([]);
    const client = new pg.Client({ connectionString: DB });
    await client.connect();
    const audit = await client.query(`select "actorUpn", result, detail from "AuditEvent" where action = 'run-confirm' and at >= $1`, [since]);
    const runs = await client.query(`select count(*)::int as n from "RemediationRun" where "createdAt" >= $1`, [since]);
    // The operator's preview is a run; the replayed Confirm left it a preview nobody confirmed.
    const preview = await client.query(`select status::text, "confirmedAt" from "RemediationRun" where id = $1`, [runId]);
    await client.end();
    expect(audit.rows).toEqual([
      { actorUpn: staff(await fleet(), "Portal.Reader").userPrincipalName, result: "denied", detail: expect.objectContaining({ reason: "requires operator" }) },
    ]);
    expect(runs.rows[0].n).toBe(0);
    expect(preview.rows).toEqual([{ status: "previewed", confirmedAt: null }]);
  });
});
