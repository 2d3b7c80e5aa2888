// Steps of the fix specs: the tenant page's preview dialog as a person reads it, syncing one
// tenant, and the local cloud's request log and faults (what really reached "Microsoft").
import { expect, type Locator, type Page } from "@playwright/test";
import { approveAsSecondAdmin } from "./approvals";
import { cloudPolicies, controlPlane, customerAdminEdits, exclusionOf, fleet, type Fleet } from "./local-cloud";

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  requestBody: unknown;
}

/** The local cloud's Graph request log for one tenant, after `sinceSeq`. */
export async function requestLog(tenantId: string, filter: { sinceSeq?: number; method?: string } = {}): Promise<LoggedRequest[]> {
  const cp = await controlPlane();
  const query = new URLSearchParams({ tenant: tenantId });
  if (filter.sinceSeq !== undefined) query.set("sinceSeq", String(filter.sinceSeq));
  if (filter.method) query.set("method", filter.method);
  const res = await cp.get(`/_emulator/requests?${query}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { value: LoggedRequest[] };
  await cp.dispose();
  return body.value;
}

/** The newest sequence number logged for the tenant (the log's seq is global and increasing). */
/**
 * Requests sent as POST that only read: Graph's What If (the proof of access after a run's writes) and
 * getByIds (naming what policies point at, in the sync that follows a run).
 */
export const READS_BY_POST: ReadonlySet<string> = new Set(["/identity/conditionalAccess/evaluate", "/directoryObjects/getByIds"]);

/** A request that changes something in the tenant. */
export const isWrite = (r: { method: string; path: string }): boolean => r.method !== "GET" && !READS_BY_POST.has(r.path);

export async function lastSeq(tenantId: string): Promise<number> {
  return (await requestLog(tenantId)).reduce((max, r) => Math.max(max, r.seq), 0);
}

/** Edits a policy in the local cloud behind the portal's back (Graph PATCH semantics). */
export async function editPolicyBehindTheBack(tenantId: string, policyId: string, patch: object): Promise<void> {
  const cp = await controlPlane();
  const res = await cp.post("/_emulator/faults", { data: { tenantId, editPolicy: { policyId, patch } } });
  expect(res.ok(), await res.text()).toBe(true);
  await cp.dispose();
}

export async function tenantUsers(tenantId: string): Promise<{ id: string; userPrincipalName: string }[]> {
  const cp = await controlPlane();
  const body = (await (await cp.get(`/_emulator/tenants/${tenantId}/users`)).json()) as { value: { id: string; userPrincipalName: string }[] };
  await cp.dispose();
  return body.value;
}

/** The tenants grid's row for one tenant (searched by name). */
export async function tenantRow(page: Page, name: string): Promise<Locator> {
  await page.goto("/tenants");
  await page.getByRole("searchbox").fill(name);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  return row;
}

export interface PlannedChange {
  policyId: string;
  name: string;
  method: "PATCH" | "POST";
  path: string;
  body: unknown;
}

/** Waits for the preview, then reads every change it would send (needs-review ones only when ticked), as the dialog shows it. */
export async function plannedChanges(dialog: Locator): Promise<PlannedChange[]> {
  await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
  const planned: PlannedChange[] = [];
  for (const section of await dialog.getByTestId("preview-policy").all()) {
    const tick = section.getByRole("checkbox");
    if ((await tick.count()) > 0 && !(await tick.isChecked())) continue;
    const line = ((await section.getByTestId("request-line").textContent()) ?? "").trim();
    const match = /^(PATCH|POST) (\S+)$/.exec(line);
    expect(match, `request line "${line}"`).not.toBeNull();
    planned.push({
      policyId: (await section.getAttribute("data-policy-id")) ?? "",
      name: (await section.getAttribute("aria-label")) ?? "",
      method: match![1] as PlannedChange["method"],
      path: match![2]!,
      body: JSON.parse((await section.getByTestId("request-body").locator("pre").textContent()) ?? "null"),
    });
  }
  return planned;
}

/** A run's ends (lib/runs/status.ts), as the change dialog's `run-status` shows them. */
export const ENDED = /^(succeeded|partly_failed|failed|cancelled)$/;

/**
 * Confirms the preview (its button is "Confirm (n policies)" unless the dialog words it otherwise,
 * e.g. "Enforce it"), with a ticket reference when given, and waits until the run has ended; returns
 * its final status.
 */
export async function confirmAndWait(
  dialog: Locator,
  /** `approvedBySecondAdmin`: the change must wait for approval (a partner-tenant write), and the second admin gives it. */
  options: { button?: string | RegExp; ticket?: string; approvedBySecondAdmin?: boolean } = {},
): Promise<string> {
  if (options.ticket !== undefined) await dialog.getByTestId("ticket").fill(options.ticket);
  await dialog.getByRole("button", { name: options.button ?? /^Confirm/ }).click();
  const status = dialog.getByTestId("run-status");
  if (options.approvedBySecondAdmin) {
    // The change waits for a second admin (a partner-tenant write): they approve on the run's page.
    await expect(status).toHaveAttribute("data-status", "awaiting_approval", { timeout: 60_000 });
    const href = await dialog.getByRole("link", { name: /Open the run's page/ }).getAttribute("href");
    expect(await dialog.getByRole("link", { name: /See it in the history/ }).count()).toBe(0);
    await approveAsSecondAdmin(dialog.page().context().browser()!, href!.split("/").at(-1)!);
  }
  await expect(status).toHaveAttribute("data-status", ENDED, { timeout: 60_000 });
  return (await status.getAttribute("data-status")) ?? "";
}

export type Customer = Fleet["customers"][number];

// tenants.spec.ts checks the first "blocked-by-ca" tenant is still blocked, so these tests fix
// other tenants of the fleet (seed 1 has three blocked ones and many missing exclusions).
export async function customers(scenario: string): Promise<Customer[]> {
  return (await fleet()).customers.filter((c) => c.scenario === scenario);
}

/**
 * The customers of a scenario that still have a policy to fix as the portal last synced them, the
 * most to fix first: other specs on this shared stack fix some of them before.
 */
export async function stillToFix(page: Page, scenario: string): Promise<Customer[]> {
  const rows = (await (await page.request.get("/api/tenants")).json()) as { id: string; needsFixCount: number | null }[];
  const needs = (c: Customer) => rows.find((r) => r.id === c.tenantId)?.needsFixCount ?? 0;
  return (await customers(scenario)).filter((c) => needs(c) > 0).sort((a, b) => needs(b) - needs(a));
}

type CloudPolicy = Record<string, unknown>;

/** Whether the policy's service-provider exclusion names the MSP's tenant. */
export const excludesMsp = (policy: CloudPolicy, msp: string): boolean => JSON.stringify(exclusionOf(policy) ?? null).includes(msp);

const enabledForAllUsers = (policy: CloudPolicy) =>
  policy.state === "enabled" && !!(policy.conditions as { users: { includeUsers?: string[] } }).users.includeUsers?.includes("All");

/**
 * A missing-exclusion tenant with at least two enabled policies for all users that lack the MSP's
 * exclusion, so its Fix all plans two changes or more. Specs before on this shared stack fix tenants
 * of this scenario (which and how many depends on what each finds), so rather than hope one is left:
 * the tenant that lacks the most, and where it lacks fewer than two, the customer's admin takes the
 * MSP's exclusion back out of as many as it takes (as guard.spec does). The caller syncs so the
 * portal reads it.
 */
export async function tenantWithTwoToFix(): Promise<Customer> {
  const msp = (await fleet()).partner.tenantId;
  const candidates: { tenant: Customer; fixed: CloudPolicy[]; lacking: number }[] = [];
  for (const tenant of await customers("missing-exclusion")) {
    const forAll = (await cloudPolicies(tenant.tenantId)).filter(enabledForAllUsers);
    const fixed = forAll.filter((p) => excludesMsp(p, msp));
    if (forAll.length >= 2) candidates.push({ tenant, fixed, lacking: forAll.length - fixed.length });
  }
  const best = candidates.sort((a, b) => b.lacking - a.lacking)[0];
  if (!best) throw new Error("no missing-exclusion tenant has two enabled policies for all users");
  for (const p of best.fixed.slice(0, Math.max(0, 2 - best.lacking)))
    await customerAdminEdits(best.tenant.tenantId, String(p.id), { conditions: { users: { excludeGuestsOrExternalUsers: null } } });
  return best.tenant;
}

/** On an undo's preview page: runs the undo of one policy in one tenant, confirmed, and waits until it succeeded. */
export async function runOneUndo(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Undo a run: preview" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Run the undo…", disabled: false }).click({ timeout: 60_000 });
  await page
    .getByRole("dialog", { name: /^Change 1 policy in 1 tenant\?$/ })
    .getByRole("button", { name: "Confirm" })
    .click();
  await expect(page.getByTestId("run-headline")).toHaveAttribute("data-ended", "true", { timeout: 60_000 });
  await expect(page.getByTestId("run-headline")).toHaveAttribute("data-status", "succeeded");
}

export async function openFixAll(page: Page, tenant: Pick<Customer, "tenantId" | "displayName">) {
  await page.goto(`/tenants/${tenant.tenantId}`);
  await expect(page.getByRole("heading", { level: 1, name: tenant.displayName })).toBeVisible();
  await page.getByRole("button", { name: "Fix all" }).click();
  const dialog = page.getByRole("dialog", { name: `Fix all: ${tenant.displayName}` });
  await expect(dialog).toBeVisible();
  return dialog;
}
