// The partner (MSP) tenant as the partner specs arrange it: its Graph read and changed directly as
// the portal's app (app-only, as an admin would in the Entra admin center), its faults, and the
// partner page's steps as a person takes them.
import { expect, type Locator, type Page } from "@playwright/test";
import { controlPlane, fleet } from "./local-cloud";
import { isWrite } from "./fix";

export const DEDICATED_NAME = "CIPP Service Account Conditional Access Policy";
const POLICIES = "/identity/conditionalAccess/policies";

export interface PartnerPolicy {
  id: string;
  displayName: string;
  state: string;
  conditions: { users: { includeUsers: string[]; excludeUsers: string[] } } & Record<string, unknown>;
  [key: string]: unknown;
}

export interface PartnerFacts {
  tenantId: string;
  serviceAccount: { id: string; userPrincipalName: string };
  breakGlassId: string;
  technicianId: string;
}

export async function partnerFacts(): Promise<PartnerFacts> {
  const f = await fleet();
  const cp = await controlPlane();
  const users = ((await (await cp.get(`/_emulator/tenants/${f.partner.tenantId}/users`)).json()) as { value: { id: string; userPrincipalName: string }[] })
    .value;
  await cp.dispose();
  const id = (local: string) => {
    const user = users.find((u) => u.userPrincipalName.startsWith(`${local}@`));
    if (!user) throw new Error(`the partner tenant has no ${local}@ account`);
    return user.id;
  };
  return { tenantId: f.partner.tenantId, serviceAccount: f.partner.serviceAccount, breakGlassId: id("breakglass"), technicianId: id("technician") };
}

async function appToken(tenantId: string): Promise<string> {
  const cp = await controlPlane();
  const { app } = ((await (await cp.get("/_emulator/fleet")).json()) as { partner: { app: { clientId: string; clientSecret: string } } }).partner;
  const res = await cp.post(`/${tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret, scope: "https://graph.microsoft.com/.default" },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const token = ((await res.json()) as { access_token: string }).access_token;
  await cp.dispose();
  return token;
}

/**
 * One Graph v1.0 request in the partner tenant as the portal's app. Graph answers Conditional Access
 * requests beyond its 1-per-second bucket (shared with the portal's own requests) with 429 and no
 * Retry-After: tried again every 100 ms, for up to 30 s.
 */
async function graph(tenantId: string, method: "GET" | "POST" | "DELETE", path: string, data?: object): Promise<unknown> {
  const token = await appToken(tenantId);
  const cp = await controlPlane();
  try {
    for (let attempt = 0; ; attempt++) {
      const res = await cp.fetch(`/v1.0${path}`, { method, headers: { authorization: `Bearer ${token}` }, ...(data ? { data } : {}) });
      if (res.status() === 429 && attempt < 300) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
      return res.status() === 204 ? null : await res.json();
    }
  } finally {
    await cp.dispose();
  }
}

export async function livePolicies(tenantId: string): Promise<PartnerPolicy[]> {
  return ((await graph(tenantId, "GET", POLICIES)) as { value: PartnerPolicy[] }).value;
}

export async function livePolicy(tenantId: string, id: string): Promise<PartnerPolicy> {
  return (await graph(tenantId, "GET", `${POLICIES}/${id}`)) as PartnerPolicy;
}

/** Deletes every policy with the dedicated policy's name, so a spec can create it afresh. */
export async function deleteDedicatedPolicies(tenantId: string): Promise<void> {
  for (const p of await livePolicies(tenantId)) if (p.displayName === DEDICATED_NAME) await graph(tenantId, "DELETE", `${POLICIES}/${p.id}`);
}

/** The dedicated policy as the issue describes it: only the account, all cloud apps, all client apps, MFA at every sign-in, nothing excluded. */
export const expectedDedicated = (accountId: string) => ({
  displayName: DEDICATED_NAME,
  state: "enabledForReportingButNotEnforced",
  conditions: { users: { includeUsers: [accountId] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" } },
});

/** The dedicated policy and nothing else of its name, report-only and of the expected shape, made in the tenant directly (as an admin would). */
export async function arrangeDedicatedPolicy(tenantId: string, accountId: string): Promise<PartnerPolicy> {
  await deleteDedicatedPolicies(tenantId);
  return (await graph(tenantId, "POST", POLICIES, expectedDedicated(accountId))) as PartnerPolicy;
}

export async function partnerFault(tenantId: string, fault: Record<string, unknown>): Promise<void> {
  const cp = await controlPlane();
  const res = await cp.post("/_emulator/faults", { data: { tenantId, ...fault } });
  expect(res.ok(), await res.text()).toBe(true);
  await cp.dispose();
}

/** Clears every fault of the partner tenant only (the customers' faults are other specs' business). */
export const clearPartnerFaults = (tenantId: string) => partnerFault(tenantId, { clear: true });

export interface LoggedWrite {
  seq: number;
  apiVersion: "v1.0" | "beta";
  method: string;
  path: string;
  status: number;
  requestBody: unknown;
}

/** Every write the partner tenant received after `sinceSeq` (the log's seq is global and increasing). */
export async function writesSince(tenantId: string, sinceSeq: number): Promise<LoggedWrite[]> {
  const cp = await controlPlane();
  const res = await cp.get(`/_emulator/requests?${new URLSearchParams({ tenant: tenantId, sinceSeq: String(sinceSeq) })}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { value: LoggedWrite[] };
  await cp.dispose();
  return body.value.filter(isWrite).sort((a, b) => a.seq - b.seq);
}

/** The partner page, loaded (its overview read live from the tenant). */
export async function openPartnerPage(page: Page): Promise<void> {
  await page.goto("/partner");
  await expect(page.getByRole("heading", { level: 1, name: "Partner tenant" })).toBeVisible();
  await expect(page.getByTestId("dedicated-policy")).toBeVisible({ timeout: 30_000 });
}

/** As an admin on the partner page: search the partner's users and choose one (listed with `displayName`, when given). */
export async function chooseAccount(page: Page, search: string, upn: string, displayName?: string): Promise<void> {
  const card = page.getByTestId("service-account");
  await card.getByLabel("Search the partner's users by name or UPN").fill(search);
  await card.getByRole("button", { name: "Search" }).click();
  const choose = card.getByRole("button", { name: `Choose ${upn}` });
  await expect(choose).toBeVisible({ timeout: 15_000 });
  if (displayName) await expect(card.getByRole("listitem").filter({ hasText: upn })).toContainText(`${displayName}${upn}`);
  if (await choose.isEnabled()) await choose.click();
  await expect(card.getByTestId("chosen-account")).toContainText(upn, { timeout: 15_000 });
}

export function policyRow(page: Page, policyId: string): Locator {
  return page.locator(`[data-testid="policy"][data-policy-id="${policyId}"]`);
}

export function checklistItem(scope: Page | Locator, key: string): Locator {
  return scope.locator(`[data-testid="checklist-item"][data-key="${key}"]`);
}

/** Opens the exclusion preview and ticks every needs-review policy, so every planned change is included. */
export async function openExclusionPreview(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Preview exclusion" }).click();
  const dialog = page.getByRole("dialog", { name: "Exclude the service account from every policy" });
  await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
  for (const tick of await dialog.getByRole("checkbox").all()) await tick.check();
  return dialog;
}

/** The dedicated policy's three changes: the card's button, the change dialog's title and its confirm button. */
export const DEDICATED_CHANGE = {
  create: { button: "Create dedicated policy (report-only)…", dialog: "Create the dedicated policy", confirm: "Create it" },
  repair: { button: "Repair…", dialog: "Repair the dedicated policy", confirm: "Repair it" },
  enforce: { button: "Enforce…", dialog: "Enforce the dedicated policy", confirm: "Enforce it" },
} as const;
export type DedicatedChange = keyof typeof DEDICATED_CHANGE;

/** Presses one of the dedicated policy's buttons and waits for the change dialog's preview (nothing is written yet). */
export async function openDedicatedPreview(page: Page, change: DedicatedChange): Promise<Locator> {
  await page.getByTestId("dedicated-policy").getByRole("button", { name: DEDICATED_CHANGE[change].button, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: DEDICATED_CHANGE[change].dialog });
  await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
  return dialog;
}

/** Closes a change dialog without confirming it. */
export async function closeWithoutConfirming(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(dialog).toHaveCount(0);
}
