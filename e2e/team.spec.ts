import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import pg from "pg";
import { E2E_ENV } from "../playwright.config";
import { SECOND_ADMIN } from "./support/approvals";
import { isWrite, lastSeq, openFixAll, requestLog } from "./support/fix";
import { ageSignIns, signIn } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

// The e2e stack's own embedded database (see playwright.config.ts).
const DB = `postgresql://postgres:postgres@127.0.0.1:${E2E_ENV.EMBEDDED_PG_PORT}/portal`;
const ORIGIN = `http://127.0.0.1:${E2E_ENV.PORT}`;

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DB });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The next server action the page sends, caught on its way out and never delivered (what someone would replay). */
async function catchNextAction(page: Page, trigger: () => Promise<void>): Promise<Request> {
  let caught: Request | null = null;
  await page.route("**/*", async (route) => {
    if (!caught && route.request().method() === "POST" && route.request().headers()["next-action"]) {
      caught = route.request();
      return route.abort();
    }
    return route.continue();
  });
  await trigger();
  await expect.poll(() => caught !== null).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return caught as unknown as Request;
}

/** Sends a caught action again from `page`'s session with its body changed by `edit`; the response text. */
async function replay(page: Page, request: Request, edit: (body: string) => string): Promise<string> {
  const headers = Object.fromEntries(Object.entries(request.headers()).filter(([k]) => !["cookie", "content-length"].includes(k)));
  const response = await page.request.post(request.url(), { headers: { ...headers, origin: ORIGIN }, data: edit(request.postData() ?? "") });
  return response.text();
}

test.describe("a team shares the portal: tenant groups, scopes and four eyes", () => {
  test("an operator scoped to one group sees only its tenants everywhere; a replayed fix, bulk preview or run start for another tenant is refused and audited", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    await ensureConnected(page);
    await syncAll(page);
    // Any two tenants with something to fix (other specs may have fixed some already), and one more for the group.
    const rows = (await (await page.request.get("/api/tenants")).json()) as { id: string; displayName: string; needsFixCount: number | null }[];
    const needing = rows.filter((r) => (r.needsFixCount ?? 0) > 0).map((r) => ({ tenantId: r.id, displayName: r.displayName }));
    expect(needing.length).toBeGreaterThanOrEqual(2);
    const [inside, outside] = [needing[0]!, needing[1]!];
    const other = rows.find((r) => !needing.some((n) => n.tenantId === r.id))!;
    const west: { tenantId: string; displayName: string }[] = [inside, { tenantId: other.id, displayName: other.displayName }];

    // The operator has signed in before (the portal knows people from their first sign-in).
    const operator = await browser.newPage();
    await signInAs(operator, "Portal.Operator", "/tenants");

    // The admin makes the group on the Tenant groups page and scopes the operator to it.
    const groupName = `West ${Date.now()}`;
    await page.goto("/groups");
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog", { name: "New tenant group" });
    await dialog.getByLabel("Name").fill(groupName);
    for (const t of west) {
      await dialog.getByLabel("Tenants").fill(t.displayName);
      await page.getByRole("option", { name: new RegExp(`^${t.displayName}`) }).click();
    }
    await page.keyboard.press("Escape"); // the list stays open for more picks
    await dialog.getByRole("button", { name: "Save group" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("group-row").filter({ hasText: groupName })).toContainText("2");
    const operatorRow = page.getByTestId("scope-row").filter({ hasText: "Oliver Operator" });
    await operatorRow.getByRole("button", { name: "Change scope" }).click();
    const scopeDialog = page.getByRole("dialog", { name: /^Tenant scope of/ });
    await scopeDialog.getByLabel("Only the tenants of these groups").check();
    await scopeDialog.getByLabel("Tenant groups").fill(groupName);
    await page.getByRole("option", { name: new RegExp(`^${groupName}`) }).click();
    await scopeDialog.getByRole("button", { name: "Save scope" }).click();
    await expect(scopeDialog).toHaveCount(0);
    await expect(operatorRow).toContainText(groupName);
    await page.screenshot({ path: "test-results/screenshots/tenant-groups.png", fullPage: true });

    // An admin's preview for a tenant outside the group: a run the operator must not see or start.
    const adminDialog = await openFixAll(page, outside);
    await expect(adminDialog.getByTestId("preview-summary")).toBeVisible({ timeout: 60_000 });
    const [foreignRun] = await sql<{ id: string }>(
      `select r.id from "RemediationRun" r join "RunTenant" t on t."runId" = r.id where t."tenantId" = $1 and r.status = 'previewed' order by r."createdAt" desc limit 1`,
      [outside.tenantId],
    );

    try {
      // Changing the scope ended the operator's session: their next page asks them to sign in.
      await operator.goto("/tenants");
      await expect(operator).toHaveURL(/\/login\?returnTo=%2Ftenants$/);
      await signInAs(operator, "Portal.Operator", "/tenants");
      const ids = new Set(west.map((t) => t.tenantId));
      const api = (await (await operator.request.get("/api/tenants")).json()) as { id: string }[];
      expect(new Set(api.map((t) => t.id))).toEqual(ids);
      await expect(operator.getByRole("grid").getByRole("row").filter({ hasText: outside.displayName })).toHaveCount(0);
      await operator.goto("/");
      await expect(operator.getByTestId("figure-tenants")).toContainText("2");
      await operator.goto(`/tenants/${outside.tenantId}`);
      await expect(operator.getByRole("heading", { level: 1, name: outside.displayName })).toHaveCount(0);
      expect((await operator.request.get(`/api/runs/${foreignRun!.id}`)).status()).toBe(404);
      expect((await operator.request.get(`/api/runs/${foreignRun!.id}/csv`)).status()).toBe(404);
      await operator.goto(`/history?tenant=${outside.tenantId}`);
      await expect(operator.getByText(outside.displayName)).toHaveCount(0);
      // History's API and CSV (issue 19) keep to the scope too: a change to the outside tenant (recorded here
      // under a run of its own, long past) is neither counted, nor on a page, nor in the download of every change.
      const [pastRun] = await sql<{ id: string }>(
        `insert into "RemediationRun" (id, kind, action, status, "requestedByUpn", target, options, "createdAt")
         values (gen_random_uuid(), 'tenant-fix', 'exclude-service-provider', 'succeeded', 'scope-check@msp.example', '{}', '{}', '2020-01-01') returning id`,
      );
      await sql(
        `insert into "RemediationChange" (id, "runId", "tenantId", "policyName", action, "plannedOutcome", result, reason, warnings, "createdAt")
         values (gen_random_uuid(), $1, $2, 'Outside policy', 'exclude-service-provider', 'patch', 'skipped', 'outside the scope', '{}', '2020-01-01')`,
        [pastRun!.id, outside.tenantId],
      );
      // Filtered by that run too: earlier specs (one fleet for every file) may have changed the outside tenant.
      const thatChange = `/api/history?page=0&pageSize=25&tenant=${outside.tenantId}&run=${pastRun!.id}`;
      expect((await (await page.request.get(thatChange)).json()).total).toBe(1);
      expect(await (await operator.request.get(thatChange)).json()).toEqual({
        rows: [],
        total: 0,
        page: 0,
        pageSize: 25,
      });
      const seen = (await (await operator.request.get("/api/history?page=0&pageSize=100&dir=asc")).json()) as { rows: { tenantId: string }[] };
      expect(seen.rows.filter((r) => r.tenantId === outside.tenantId)).toEqual([]);
      const everything = await (await operator.request.get("/api/history/csv")).text();
      expect(everything).not.toContain(outside.tenantId);
      expect(everything).not.toContain("Outside policy");

      // The operator's own preview and Confirm for their tenant, caught; replayed for the other tenant.
      const since = new Date();
      const seq = await lastSeq(outside.tenantId);
      const previewCall = await catchNextAction(operator, async () => {
        await operator.goto(`/tenants/${inside.tenantId}`);
        await operator.getByRole("button", { name: "Fix all" }).click();
      });
      expect(await replay(operator, previewCall, (body) => body.replaceAll(inside.tenantId, outside.tenantId))).toContain(
        `This tenant is outside your tenant scope (the tenant group ${groupName}).`,
      );
      // The same for the bulk wizard's preview: the operator's own (every tenant they see), replayed with the other tenant in it.
      const bulkCall = await catchNextAction(operator, async () => {
        await operator.goto("/bulk");
        await operator.getByRole("group", { name: "Show tenants" }).getByRole("button", { name: "All tenants" }).click();
        await operator.getByRole("button", { name: "Select all 2 matching" }).click();
        await operator.getByRole("button", { name: "Next", exact: true }).click();
        await operator.getByRole("button", { name: "Preview", exact: true }).click();
      });
      expect(await replay(operator, bulkCall, (body) => body.replaceAll(inside.tenantId, outside.tenantId))).toContain(
        `This tenant is outside your tenant scope (the tenant group ${groupName}).`,
      );
      const ownDialog = await openFixAll(operator, inside);
      const confirmCall = await catchNextAction(operator, () => ownDialog.getByRole("button", { name: /^Confirm/ }).click());
      const ownRun = /"runId":"([0-9a-f-]{36})"/.exec(confirmCall.postData() ?? "")![1]!;
      expect(await replay(operator, confirmCall, (body) => body.replaceAll(ownRun, foreignRun!.id))).toContain(
        `This tenant is outside your tenant scope (the tenant group ${groupName}).`,
      );
      // Nothing was written to the other tenant (the guard's sweep reads every tenant on its own
      // schedule, so reads may appear), the foreign run is still an unconfirmed preview, and every refusal is audited.
      expect((await requestLog(outside.tenantId, { sinceSeq: seq })).filter(isWrite)).toEqual([]);
      expect(await sql(`select status::text from "RemediationRun" where id = $1`, [foreignRun!.id])).toEqual([{ status: "previewed" }]);
      const audit = await sql<{ action: string; reason: string }>(
        `select action, detail->>'reason' as reason from "AuditEvent" where result = 'denied' and at >= $1 and "actorUpn" like 'operator@%' order by id`,
        [since],
      );
      expect(audit).toEqual([
        { action: "preview-fix", reason: "outside scope" },
        { action: "bulk-preview", reason: "outside scope" },
        { action: "run-confirm", reason: "outside scope" },
      ]);
    } finally {
      await operator.close();
      await sql(`update "PortalUser" set "allTenants" = true where upn like 'operator@%'`);
    }
  });

  test("the requester cannot approve their own run; an approver whose sign-in is old signs in again and comes back; an expired approval cannot start it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    await ensureConnected(page);
    await syncAll(page);
    // Every run needs approval for this test (0): other specs may have left only one or two tenants needing a fix.
    await setApprovalThreshold(page, 0);
    try {
      await requestAndExpire(page, browser);
    } finally {
      await setApprovalThreshold(page, 5);
    }
  });
});

async function setApprovalThreshold(page: Page, tenants: number) {
  await page.goto("/settings");
  const card = page.getByTestId("approval-setting");
  await card.getByLabel("Approval above this many tenants").fill(String(tenants));
  const save = card.getByRole("button", { name: "Save approval rules" });
  if (await save.isEnabled()) await save.click();
  await expect(card.getByLabel("Approval above this many tenants")).toHaveValue(String(tenants));
  await expect(save).toBeDisabled();
}

/** A bulk run over more than the threshold, confirmed by this admin, whose approval then comes too late. */
async function requestAndExpire(page: Page, browser: Browser) {
  // The admin asks for a bulk preview over every tenant needing a fix and confirms it.
  await page.goto("/bulk");
  const show = page.getByRole("group", { name: "Show tenants" });
  await show.getByRole("button", { name: "Needs fix" }).click();
  await page.getByRole("button", { name: /^Select all \d+ matching$/ }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(page).toHaveURL(/\/bulk\/previews\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByRole("progressbar", { name: "Reading tenants" })).toHaveCount(0, { timeout: 90_000 });
  await page.getByRole("button", { name: "Run the fix…" }).click();
  await page
    .getByRole("dialog", { name: /^Change \d+ polic(y|ies) in \d+ tenants?\?$/ })
    .getByRole("button", { name: "Confirm" })
    .click();
  await expect(page).toHaveURL(/\/bulk\/runs\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  const runId = page.url().split("/").at(-1)!;

  // The requester, an admin, is told another admin must approve; there is no Approve for them.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("approval-panel")).toContainText("Waiting for a second person's approval", { timeout: 30_000 });
  await expect(page.getByTestId("approval-why-not")).toContainText("You asked for this run, so another admin must approve it.");
  await expect(page.getByRole("button", { name: "Approve and run" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/run-awaiting-approval.png", fullPage: true });

  // The second admin's sign-in is 20 minutes old (the local cloud's remembered sign-in aged; signing
  // in to the portal again is single sign-on, which keeps Entra's auth_time): Approve sends them to
  // sign in again, and they come back to the run's page.
  const second = await browser.newPage();
  try {
    await signIn(second, SECOND_ADMIN, `/runs/${runId}`);
    expect(await ageSignIns(20)).toBeGreaterThan(0);
    await second.context().clearCookies({ name: "__Host-msp_session" });
    await signIn(second, SECOND_ADMIN, `/runs/${runId}`);
    await second.getByRole("button", { name: "Approve and run" }).click();
    await second.waitForURL(/\/oauth2\/v2\.0\/authorize\?/);
    expect(new URL(second.url()).searchParams.get("max_age")).toBe("900");
    await second.getByRole("button", { name: `Sign in as ${SECOND_ADMIN}` }).click();
    await second.waitForURL((url) => url.pathname === `/runs/${runId}`);
    expect(await sql(`select status::text from "RemediationRun" where id = $1`, [runId])).toEqual([{ status: "awaiting_approval" }]);

    // Signed in afresh, their Approve is caught on its way out; then a day and more passes (the
    // request's clock moved back): the sweep ends the run, and the same Approve sent now is refused.
    const approve = await catchNextAction(second, () => second.getByRole("button", { name: "Approve and run" }).click());
    await sql(`update "RemediationRun" set "approvalRequestedAt" = now() - interval '25 hours' where id = $1`, [runId]);
    await expect
      .poll(async () => sql(`select status::text, "approvalDecision" from "RemediationRun" where id = $1`, [runId]), { timeout: 30_000 })
      .toEqual([{ status: "cancelled", approvalDecision: "expired" }]);
    expect(await replay(second, approve, (body) => body)).toContain("This run is not waiting for approval (expired).");
    await second.reload();
    await expect(second.getByTestId("approval-decision")).toContainText("Nobody approved it before", { timeout: 30_000 });
    await expect(second.getByRole("button", { name: "Approve and run" })).toHaveCount(0);
    expect(await sql(`select count(*)::int as n from "RemediationChange" where "runId" = $1`, [runId])).toEqual([{ n: 0 }]);
  } finally {
    await second.close();
  }
}
