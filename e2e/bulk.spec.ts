import { expect, test, type Locator, type Page } from "@playwright/test";
import { pacingFigures } from "../scripts/bench-bulk/measure";
import { controlPlane, fleet, type Fleet } from "./support/local-cloud";
import { approveAsSecondAdmin } from "./support/approvals";
import { isWrite } from "./support/fix";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

// The e2e stack's local cloud runs at time scale 0.05 with 20 CA requests per second per tenant
// (playwright.config.ts): one Graph second is 50 ms of real time.
const GRAPH_SECOND_MS = 1000 * 0.05;
// The local cloud stamps a request as it answers it, to the millisecond: allow for the rounding.
const CLOCK_TOLERANCE_MS = 2;

interface LiveTenant {
  id: string;
  displayName: string;
  accessHealth: string | null;
  needsFixCount: number | null;
}

interface LogEntry {
  seq: number;
  timestamp: string;
  method: string;
  path: string;
  tenantId: string | null;
  status: number;
}

/** Every Graph request the local cloud logged after `sinceSeq` (0: all it still holds). */
async function cloudLog(sinceSeq = 0): Promise<LogEntry[]> {
  const cp = await controlPlane();
  const res = await cp.get(`/_emulator/requests?sinceSeq=${sinceSeq}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { value: LogEntry[] };
  await cp.dispose();
  return body.value;
}

const newestSeq = async () => (await cloudLog()).reduce((max, e) => Math.max(max, e.seq), 0);

/** Added latency per Graph request of a tenant (the local cloud scales it by its time scale). */
async function slowDown(tenantIds: string[], latencyMs: number): Promise<void> {
  const cp = await controlPlane();
  for (const tenantId of tenantIds) {
    const res = await cp.post("/_emulator/faults", { data: { tenantId, latencyMs } });
    expect(res.ok(), await res.text()).toBe(true);
  }
  await cp.dispose();
}

async function liveTenants(page: Page): Promise<LiveTenant[]> {
  return (await (await page.request.get("/api/tenants")).json()) as LiveTenant[];
}

/** Connected and synced (as the admin), then the operator, who runs the wizard, is signed in. */
async function prepare(page: Page): Promise<{ f: Fleet; rows: LiveTenant[] }> {
  await ensureConnected(page);
  await syncAll(page);
  await page.context().clearCookies();
  await signInAs(page, "Portal.Operator", "/tenants");
  return { f: await fleet(), rows: await liveTenants(page) };
}

/** The wizard's grid row of one tenant, found through the wizard's own search. */
async function wizardRow(page: Page, name: string): Promise<Locator> {
  await page.getByRole("searchbox", { name: "Search tenants" }).fill(name);
  const row = page
    .getByRole("grid", { name: "Customer tenants" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  return row;
}

/**
 * Ticks or unticks one tenant in the wizard. Right after the search the grid is still re-rendering
 * its rows (and the tenant list may be refetched under it), and a click that lands in that moment
 * can be lost: a person would see the box unchanged and click again, and so does this.
 */
async function tick(page: Page, name: string, on: boolean): Promise<void> {
  const box = (await wizardRow(page, name)).getByRole("checkbox", { name: /^(Select|Unselect) row$/ });
  await expect(async () => box.setChecked(on, { timeout: 5_000 })).toPass({ timeout: 30_000 });
  if (on) await expect(box).toBeChecked();
  else await expect(box).not.toBeChecked();
}

/**
 * Tenants the tenant-page specs (tenants, diff, fix, guard, roles) expect to find still unfixed on
 * this shared stack: every tenant blocked by CA, and the three missing-exclusion tenants with the most
 * to fix (diff.spec and guard.spec fix one each; roles.spec and fix.spec's reader check need one with
 * any; fix.spec's edit-before-confirm test and undo-change.spec make their own). A person
 * would leave them out the same way, by unticking them.
 */
function setAside(f: Fleet, rows: LiveTenant[]): Set<string> {
  const needs = (id: string) => rows.find((r) => r.id === id)?.needsFixCount ?? 0;
  const missing = f.customers.filter((c) => c.scenario === "missing-exclusion").sort((a, b) => needs(b.tenantId) - needs(a.tenantId));
  return new Set([...f.customers.filter((c) => c.scenario === "blocked-by-ca").map((c) => c.tenantId), ...missing.slice(0, 3).map((c) => c.tenantId)]);
}

/** In the wizard: every tenant but those set aside, ticked as a person would (select all, untick). */
async function selectAllBut(page: Page, rows: LiveTenant[], aside: Set<string>): Promise<LiveTenant[]> {
  await page.getByRole("group", { name: "Show tenants" }).getByRole("button", { name: "All tenants" }).click();
  await page.getByRole("button", { name: `Select all ${rows.length} matching` }).click();
  for (const t of rows.filter((r) => aside.has(r.id))) await tick(page, t.displayName, false);
  await page.getByRole("searchbox", { name: "Search tenants" }).fill("");
  const selected = rows.filter((r) => !aside.has(r.id));
  await expect(page.getByTestId("bulk-selection-summary")).toHaveText(`${selected.length} tenants selected.`);
  return selected;
}

/** Waits until the preview has read every tenant; returns its id. */
async function previewRead(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/bulk\/previews\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: preview" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Reading tenants" })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId("run-scope")).not.toContainText("once every tenant has been read");
  return page.url().split("/").at(-1)!;
}

/**
 * The planned PATCH paths per tenant, as the preview's own tenant rows fetch them (the preview is the run to be: one id).
 * A tenant the preview marked (read-only GDAP: left out of the run) plans nothing for the run.
 */
async function plannedPaths(page: Page, previewId: string): Promise<Map<string, string[]>> {
  const view = (await (await page.request.get(`/api/runs/${previewId}/preview`)).json()) as {
    tenants: { tenantId: string; status: string; toChange: number; problem: { problem: string } | null }[];
  };
  const planned = new Map<string, string[]>();
  for (const t of view.tenants.filter((x) => x.status === "previewed" && x.toChange > 0 && x.problem === null)) {
    const detail = (await (await page.request.get(`/api/runs/${previewId}/tenants/${t.tenantId}`)).json()) as {
      policies: { policyId: string; request: { method: string; path: string } | null; requiresConfirmation: boolean }[];
    };
    const paths = detail.policies.filter((p) => p.request && !p.requiresConfirmation).map((p) => p.request!.path);
    expect(paths, `planned changes of ${t.tenantId}`).toHaveLength(t.toChange);
    planned.set(t.tenantId, paths.sort());
  }
  return planned;
}

/** The page at a laptop's 1440 px and a phone's 390 px, with `target` in view (then back to the test's viewport). */
async function shotAt(page: Page, name: string, target: Locator) {
  const viewport = page.viewportSize();
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png` });
  }
  if (viewport) await page.setViewportSize(viewport);
}

async function shot(page: Page, name: string, height?: number) {
  const viewport = page.viewportSize();
  if (height && viewport) await page.setViewportSize({ width: 1280, height });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: !height });
  if (height && viewport) await page.setViewportSize(viewport);
}

test.describe("the bulk fix wizard", () => {
  test("a reader sees no Bulk fix button and cannot open the wizard", async ({ page }) => {
    await signInAs(page, "Portal.Reader", "/tenants");
    await expect(page.getByRole("heading", { level: 1, name: "Customer tenants" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Bulk fix…" })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "Select row" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Bulk fix", exact: true })).toHaveCount(0);
    await page.goto("/bulk");
    await expect(page).toHaveURL(/\/forbidden$/);
    await expect(page.getByText("Your role does not allow this page.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Select tenants" })).toHaveCount(0);
  });

  test("cancel mid-run: the acknowledgement is shown, no PATCH reaches the cloud after it, and the summary lists the tenants not done", async ({ page }) => {
    test.setTimeout(240_000);
    const { f, rows } = await prepare(page);
    await page.goto("/bulk");
    await selectAllBut(page, rows, setAside(f, rows));
    // Disabled and report-only policies too: work is left for this run even after the other test fixed the enabled ones.
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await page.getByRole("switch", { name: "Include disabled and report-only policies" }).check();
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    const previewId = await previewRead(page);
    const planned = await plannedPaths(page, previewId);
    const tenants = [...planned.keys()];
    expect(tenants.length, "tenants with something to change").toBeGreaterThanOrEqual(2);

    // A slow Graph, so the run is still going when Cancel is pressed: half the tenants answer in
    // 1 s per request, the others in 10 s, so some have written and some not yet when it is (a slow
    // tenant's first write comes some 30 s in, however long the page takes to show the run).
    const fast = tenants.filter((_t, i) => i % 2 === 0);
    const slow = tenants.filter((_t, i) => i % 2 === 1);
    await slowDown(fast, 20_000);
    await slowDown(slow, 200_000);
    try {
      const seq = await newestSeq();
      await page.getByRole("button", { name: "Run the fix…" }).click();
      await page
        .getByRole("dialog", { name: /^Change \d+ polic(y|ies) in \d+ tenants?\?$/ })
        .getByRole("button", { name: "Confirm" })
        .click();
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: run" })).toBeVisible();
      // More than 5 tenants: the run waits for a second admin (the default settings), who approves it.
      expect(tenants.length).toBeGreaterThan(5);
      await expect(page.getByTestId("approval-panel")).toContainText("Waiting for a second person's approval");
      await approveAsSecondAdmin(page.context().browser()!, previewId);
      const runLog = async () => (await cloudLog(seq)).filter((e) => e.tenantId && planned.has(e.tenantId));
      await expect.poll(async () => (await runLog()).filter((e) => e.method === "PATCH").length, { timeout: 60_000, intervals: [250] }).toBeGreaterThan(0);

      await page.getByRole("button", { name: "Cancel run" }).click();
      const dialog = page.getByRole("dialog", { name: "Cancel this run?" });
      await dialog.getByRole("button", { name: "Cancel the run" }).click();
      const ack = page.getByTestId("cancel-acknowledged");
      await expect(ack).toContainText(/Cancel acknowledged at .*; no new write starts\./, { timeout: 30_000 });
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Cancel run", disabled: false })).toHaveCount(0);
      const acknowledgedAt = Date.parse((await ack.getAttribute("data-acknowledged-at"))!);
      await page.screenshot({ path: "test-results/screenshots/bulk-cancel.png", fullPage: true });

      const headline = page.getByTestId("run-headline");
      await expect(headline).toHaveAttribute("data-ended", "true", { timeout: 90_000 });
      await expect(headline).toHaveAttribute("data-status", "cancelled");
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: summary" })).toBeVisible();

      const patches = (await runLog()).filter((e) => e.method === "PATCH");
      expect(patches.length).toBeGreaterThan(0);
      expect(
        patches.filter((e) => Date.parse(e.timestamp) > acknowledgedAt),
        "PATCHes after the acknowledgement",
      ).toEqual([]);

      // The summary names every tenant the grid shows as not done, the slow ones among them.
      const grid = page.getByRole("grid", { name: "Tenants in this run" });
      const notDone = page.getByRole("region", { name: "Not done (cancelled)" });
      const cancelledRows = grid.locator('[data-testid="tenant-status"][data-status="cancelled"]');
      await expect(notDone.getByRole("listitem")).toHaveCount(await cancelledRows.count());
      for (const id of slow) await expect(notDone).toContainText(rows.find((r) => r.id === id)!.displayName);
      await expect(notDone).toContainText(/Not done|not written/);
      await expect(page.getByRole("button", { name: "Retry failed" })).toBeVisible();
      await page.screenshot({ path: "test-results/screenshots/bulk-cancelled-summary.png", fullPage: true });
    } finally {
      await slowDown(tenants, 0);
    }
  });

  test("an operator selects about 20 tenants, previews, runs and reads the summary; history has the changes and no tenant went above Graph's pace", async ({
    page,
  }) => {
    test.setTimeout(360_000); // the run waits for an approval in a second browser, and a busy machine is slow
    const { f, rows } = await prepare(page);
    const aside = setAside(f, rows);
    const needsFix = rows.filter((r) => (r.needsFixCount ?? 0) > 0);
    const gdapExpired = f.customers.find((c) => c.scenario === "gdap-expired")!;
    const readOnly = f.customers.find((c) => c.scenario === "gdap-read-only")!;

    // Step 1: from the tenants page into the wizard.
    await page.getByRole("button", { name: "Bulk fix…" }).click();
    await expect(page).toHaveURL(/\/bulk$/, { timeout: 30_000 }); // a busy machine can take seconds to load the page
    await expect(page.getByRole("heading", { level: 1, name: "Bulk fix" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Bulk fix steps" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Select tenants" })).toBeVisible();
    const summary = page.getByTestId("bulk-selection-summary");
    await expect(summary).toHaveText("No tenant selected.");

    // Every tenant needing a fix, then those the other specs need are unticked.
    const show = page.getByRole("group", { name: "Show tenants" });
    await show.getByRole("button", { name: "Needs fix" }).click();
    await page.getByRole("button", { name: `Select all ${needsFix.length} matching` }).click();
    await expect(summary).toHaveText(`${needsFix.length} tenants selected.`);
    const leftOut = needsFix.filter((r) => aside.has(r.id));
    for (const t of leftOut) await tick(page, t.displayName, false);
    // And one tenant whose GDAP has expired, picked from all tenants: the preview must say why it cannot be read.
    await page.getByRole("searchbox", { name: "Search tenants" }).fill("");
    await show.getByRole("button", { name: "All tenants" }).click();
    await tick(page, gdapExpired.displayName, true);
    await page.getByRole("searchbox", { name: "Search tenants" }).fill("");
    await show.getByRole("button", { name: "Needs fix" }).click();
    const selected = needsFix.filter((r) => !aside.has(r.id));
    const total = selected.length + 1;
    expect(total).toBeGreaterThanOrEqual(10);
    await expect(summary).toHaveText(`${total} tenants selected (1 not shown by the current filter).`);
    await shot(page, "bulk-select");

    // Step 2: options, left at their defaults (enabled policies only, needs-review left alone).
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Options", exact: true })).toBeVisible();
    await expect(page.getByRole("switch", { name: "Include disabled and report-only policies" })).not.toBeChecked();
    await expect(page.getByRole("switch", { name: "Include policies that need review" })).not.toBeChecked();
    await shot(page, "bulk-options");

    // One slow tenant keeps the preview reading (and the run running) long enough to watch their
    // progress: the sped-up local cloud reads the others in about a second.
    const slow = selected.find((r) => r.id !== readOnly.tenantId && r.needsFixCount === 1) ?? selected[0]!;
    const seqBefore = await newestSeq();
    // 5 s per request (100 s at the local cloud's time scale): on a busy machine the preview page can take
    // seconds to load, and the reading must still be under way when it shows.
    await slowDown([slow.id], 100_000);
    try {
      // Step 3: the preview.
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      await expect(page).toHaveURL(/\/bulk\/previews\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      const previewId = page.url().split("/").at(-1)!;
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: preview" })).toBeVisible();
      await expect(page.getByRole("group", { name: "Bulk fix steps" })).toBeVisible();
      await expect(page.getByRole("progressbar", { name: "Reading tenants" })).toBeVisible();
      await expect(page.getByTestId("preview-progress")).toContainText(new RegExp(`Reading tenants: \\d+ of ${total}|Waiting for a worker`));
      await shot(page, "bulk-preview-reading");
      await expect(page.getByRole("progressbar", { name: "Reading tenants" })).toHaveCount(0, { timeout: 60_000 });

      await expect(page.getByTestId("total-tenants").locator("dd")).toHaveText(String(total));
      const toChange = Number(await page.getByTestId("total-to-change").locator("dd").textContent());
      expect(toChange).toBeGreaterThan(0);
      await expect(page.getByTestId("total-unreachable").locator("dd")).toHaveText("1");
      const unreachable = page.getByTestId("unreachable-group");
      await expect(unreachable).toHaveCount(1);
      await expect(unreachable).toContainText(gdapExpired.displayName);
      await expect(unreachable).toContainText(/GDAP/);

      // The tenant whose GDAP grants only Security Reader: read and planned, but marked before the run,
      // its role by name, and left out of it (its changes are not counted as the run's).
      expect(selected.map((r) => r.id)).toContain(readOnly.tenantId);
      await expect(page.getByTestId("total-left-out").locator("dd")).toHaveText("1");
      const leftOut = page.getByTestId("left-out-group");
      await expect(leftOut).toContainText(`Read-only GDAP: 1 tenant left out of the run`);
      await expect(leftOut).toContainText(readOnly.displayName);
      await expect(leftOut).toContainText(
        "Read-only GDAP: its role (Security Reader) cannot change Conditional Access; that needs Conditional Access Administrator or Security Administrator.",
      );
      await expect(leftOut).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/); // role names, not ids
      await expect(page.getByTestId("run-scope")).toContainText("1 tenant with read-only GDAP is left out");
      const readOnlyRow = page.locator(`[data-testid="preview-tenant"][data-tenant-id="${readOnly.tenantId}"]`);
      await expect(readOnlyRow.getByTestId("left-out-chip")).toHaveText("Read-only GDAP: left out");
      await shotAt(page, "bulk-preview-read-only", leftOut);

      // Expand one tenant: its planned change with the users condition before and after and the exact request.
      const planned = await plannedPaths(page, previewId);
      const plannedTenants = [...planned.keys()];
      const firstRow = page.getByTestId("preview-tenant").first();
      const expandedId = (await firstRow.getAttribute("data-tenant-id"))!;
      const expandedName = selected.find((r) => r.id === expandedId)!.displayName;
      await page.getByRole("button", { name: `${expandedName}: planned changes` }).click();
      const policies = firstRow.getByTestId("preview-policy");
      await expect(policies).toHaveCount(planned.get(expandedId)!.length);
      await expect(policies.first().getByTestId("request-line")).toContainText(/^PATCH \/identity\/conditionalAccess\/policies\//);
      await expect(policies.first().getByTestId("users-after")).toContainText(f.partner.tenantId);
      await expect(firstRow.locator(".MuiCollapse-entered")).toHaveCount(1); // the expansion has finished
      await shot(page, "bulk-preview", 1500);

      // Step 4: confirm and watch the run.
      const policiesPlanned = [...planned.values()].reduce((n, p) => n + p.length, 0);
      expect(policiesPlanned).toBe(toChange);
      await page.getByRole("button", { name: "Run the fix…" }).click();
      const confirm = page.getByRole("dialog", { name: `Change ${toChange} policies in ${plannedTenants.length} tenants?` });
      await expect(confirm).toBeVisible();
      const seqRun = await newestSeq();
      await confirm.getByRole("button", { name: "Confirm" }).click();
      await expect(page).toHaveURL(/\/bulk\/runs\/[0-9a-f-]{36}$/);
      const runId = page.url().split("/").at(-1)!;
      expect(runId, "the confirmed preview is the run").toBe(previewId);
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: run" })).toBeVisible();
      // Four eyes: more than 5 tenants wait for another admin; the operator cannot approve, and nothing is written meanwhile.
      const panel = page.getByTestId("approval-panel");
      await expect(panel).toContainText(
        `Waiting for a second person's approval: It writes to ${plannedTenants.length} tenants; runs over more than 5 need a second person.`,
      );
      await expect(page.getByTestId("approval-why-not")).toContainText("Only an admin can approve a run.");
      await expect(panel.getByRole("button", { name: "Approve and run" })).toHaveCount(0);
      await shot(page, "bulk-awaiting-approval");
      expect((await cloudLog(seqRun)).filter((e) => e.method === "PATCH")).toEqual([]);
      await approveAsSecondAdmin(page.context().browser()!, runId, "Checked the preview");
      await expect(page.getByTestId("approval-decision")).toContainText(/Approved by admin2@.*Checked the preview/, { timeout: 30_000 });
      await expect(page.getByRole("progressbar", { name: "Tenants finished" })).toBeVisible();
      const headline = page.getByTestId("run-headline");
      const progress = page.getByTestId("run-progress-text");
      // The counts move while the page watches: at least one state between none and all is shown.
      const n = plannedTenants.length;
      const midway = (text: string) => new RegExp(`^[1-9]\\d* of ${n} tenants finished$`).test(text) && !text.startsWith(`${n} of`);
      const seen = new Set<string>();
      await expect
        .poll(
          async () => {
            const text = ((await progress.textContent()) ?? "").trim();
            if (midway(text) && ![...seen].some(midway)) await shot(page, "bulk-run-progress", 1100);
            seen.add(text);
            return (await headline.getAttribute("data-ended")) === "true";
          },
          { timeout: 120_000, intervals: [250] },
        )
        .toBe(true);
      expect([...seen].filter(midway).length, `progress seen: ${[...seen].join(" | ")}`).toBeGreaterThan(0);

      // Step 5: the summary.
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: summary" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Summary", exact: true })).toBeVisible();
      await expect(progress).toHaveText(`${plannedTenants.length} of ${plannedTenants.length} tenants finished`);
      const grid = page.getByRole("grid", { name: "Tenants in this run" });
      expect(planned.has(readOnly.tenantId), "the read-only tenant is not part of the run").toBe(false);
      for (const id of plannedTenants) {
        const name = selected.find((r) => r.id === id)!.displayName;
        const row = grid.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
        await expect(row.getByTestId("tenant-status"), name).toHaveAttribute("data-status", "succeeded");
      }
      // The read-only tenant is not among the run's tenants, nothing failed, and the page says why it was left out.
      await expect(grid.getByRole("row").filter({ hasText: readOnly.displayName })).toHaveCount(0);
      await expect(page.getByRole("region", { name: "Failed tenants" })).toHaveCount(0);
      await expect(page.getByTestId("run-left-out")).toContainText(`${readOnly.displayName} (Read-only GDAP: its role (Security Reader)`);
      await expect(page.getByRole("link", { name: "Download CSV" })).toBeVisible();
      await expect(page.getByTestId("run-headline")).toHaveAttribute("data-status", "succeeded");
      await shot(page, "bulk-run", 1500);

      // The preview, opened again, says it was confirmed and leads to its run; it cannot be confirmed twice.
      await page.goto(`/bulk/previews/${previewId}`);
      const confirmed = page.getByTestId("preview-run-link");
      await expect(confirmed).toContainText("This preview was confirmed and runs.", { timeout: 30_000 });
      await expect(page.getByRole("button", { name: "Run the fix…" })).toHaveCount(0);
      await confirmed.getByRole("link", { name: "Open the run" }).click();
      await expect(page).toHaveURL(new RegExp(`/bulk/runs/${runId}$`));
      await expect(page.getByRole("heading", { level: 1, name: "Bulk fix: summary" })).toBeVisible({ timeout: 30_000 }); // "Loading the run…" first

      // The request log: exactly one PATCH per planned policy, and every tenant within its pace.
      const runLog = (await cloudLog(seqRun)).filter((e) => e.tenantId && plannedTenants.includes(e.tenantId));
      for (const id of plannedTenants) {
        const patches = runLog.filter((e) => e.tenantId === id && e.method === "PATCH").map((e) => e.path);
        expect(patches.sort(), `PATCHes to ${id}`).toEqual(planned.get(id));
      }
      // Nothing was sent to the read-only tenant to write: no PATCH or POST, so no 403.
      const toReadOnly = (await cloudLog(seqRun)).filter((e) => e.tenantId === readOnly.tenantId);
      expect(toReadOnly.filter(isWrite)).toEqual([]);
      expect(toReadOnly.filter((e) => e.status === 403)).toEqual([]);
      const selectedIds = new Set([...selected.map((r) => r.id), gdapExpired.tenantId]);
      const figures = pacingFigures(
        (await cloudLog(seqBefore)).filter((e) => e.tenantId && selectedIds.has(e.tenantId)),
        GRAPH_SECOND_MS,
        CLOCK_TOLERANCE_MS,
      );
      expect(figures.caRequests).toBeGreaterThan(policiesPlanned);
      expect(figures.tenantsAbovePace).toEqual([]);

      // History, from the summary's link: the run's changes, applied; none for the read-only tenant.
      await page.getByRole("link", { name: "Open history" }).click();
      await expect(page).toHaveURL(new RegExp(`/history\\?run=${runId}`));
      const history = page.getByRole("grid", { name: "Remediation history" });
      // One change per planned policy, no more (the grid's pager counts every row of the run).
      await expect(history).toBeVisible();
      await expect(page.getByText(new RegExp(`^\\d+–\\d+ of ${policiesPlanned}$`))).toBeVisible();
      await expect(history.getByRole("row").filter({ hasText: readOnly.displayName })).toHaveCount(0);
      await expect(history.getByRole("row").filter({ hasText: "failed" })).toHaveCount(0);
      // And the expanded tenant's own history in this run, from its row in the summary.
      await page.goBack();
      await page
        .getByRole("grid", { name: "Tenants in this run" })
        .getByRole("link", { name: `History of ${expandedName} in this run` })
        .click();
      await expect(page).toHaveURL(new RegExp(`/history\\?run=${runId}&tenant=${expandedId}`));
      const rowsOfExpanded = page.getByRole("grid", { name: "Remediation history" }).getByRole("row").filter({ hasText: expandedName });
      await expect(rowsOfExpanded).toHaveCount(planned.get(expandedId)!.length);
      await expect(rowsOfExpanded.filter({ hasText: "applied" })).toHaveCount(planned.get(expandedId)!.length);
    } finally {
      await slowDown([slow.id], 0);
    }
  });
});
