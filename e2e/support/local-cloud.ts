// Test access to the local Microsoft cloud's control plane (/_emulator/), which the e2e stack
// starts on EMULATOR_PORT. Only tests use it; the portal never does.
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ENV } from "../../playwright.config";

export const CLOUD = `https://127.0.0.1:${E2E_ENV.EMULATOR_PORT}`;

export interface Fleet {
  partner: {
    tenantId: string;
    displayName: string;
    domain: string;
    serviceAccount: { id: string; userPrincipalName: string; password: string };
    staff: { userPrincipalName: string; displayName: string; password: string; portalRole: string | null; guest: boolean }[];
  };
  customers: {
    tenantId: string;
    displayName: string;
    scenario: string;
    tags: string[];
    gdap: { relationshipId: string; status: string; endDateTime: string | null; roles: string[] }[];
  }[];
}

export async function controlPlane(): Promise<APIRequestContext> {
  // The control plane is served with the emulator's own CA; tests skip verification for it only.
  return request.newContext({ baseURL: CLOUD, ignoreHTTPSErrors: true });
}

export async function fleet(): Promise<Fleet> {
  const cp = await controlPlane();
  const body = (await (await cp.get("/_emulator/fleet")).json()) as Fleet;
  await cp.dispose();
  return body;
}

export function staff(f: Fleet, role: "Portal.Admin" | "Portal.Operator" | "Portal.Reader") {
  const s = f.partner.staff.find((u) => u.portalRole === role);
  if (!s) throw new Error(`no seeded ${role}`);
  return s;
}

/** Signs in through the portal's button and the local cloud's sign-in page, as a person would. */
export async function signIn(page: Page, displayName: string, returnTo = "/"): Promise<void> {
  await page.goto(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: `Sign in as ${displayName}` }).click();
  await page.waitForURL(
    (url) => url.port === new URL(page.url()).port && !url.pathname.startsWith("/login") && url.hostname === "127.0.0.1" && url.port !== "",
  );
}

/** As an Entra admin would: change a partner user's portal app role (null removes it); their next id token carries it. */
export async function assignPortalRole(userPrincipalName: string, role: "Portal.Admin" | "Portal.Operator" | "Portal.Reader" | null): Promise<void> {
  const cp = await controlPlane();
  const res = await cp.post("/_emulator/app-role-assignments", { data: { userPrincipalName, role } });
  if (!res.ok()) throw new Error(`app role assignment refused: ${res.status()} ${await res.text()}`);
  await cp.dispose();
}

/** Makes every sign-in the local cloud remembers `minutes` older: its auth_time, and what max_age is measured against. */
export async function ageSignIns(minutes: number): Promise<number> {
  const cp = await controlPlane();
  const res = await cp.post("/_emulator/sign-ins/age", { data: { minutes } });
  if (!res.ok()) throw new Error(`ageing sign-ins refused: ${res.status()} ${await res.text()}`);
  const { aged } = (await res.json()) as { aged: number };
  await cp.dispose();
  return aged;
}

/** Starts a sign-in and picks the account, without waiting to land anywhere (the sign-in may be refused). */
export async function attemptSignIn(page: Page, displayName: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: `Sign in as ${displayName}` }).click();
}

/** Every policy of a tenant as the local cloud holds it now (the control plane's list, as a customer's admin sees them). */
export async function cloudPolicies(tenantId: string): Promise<Record<string, unknown>[]> {
  const cp = await controlPlane();
  const res = await cp.get(`/_emulator/tenants/${tenantId}/policies`);
  expect(res.ok(), await res.text()).toBe(true);
  const body = (await res.json()) as { value: Record<string, unknown>[] };
  await cp.dispose();
  return body.value;
}

/** A policy as the local cloud holds it now (the control plane's GET, as a customer's admin sees it). */
export async function cloudPolicy(tenantId: string, policyId: string): Promise<Record<string, unknown>> {
  const cp = await controlPlane();
  const res = await cp.get(`/_emulator/tenants/${tenantId}/policies/${policyId}`);
  expect(res.ok(), await res.text()).toBe(true);
  const body = (await res.json()) as Record<string, unknown>;
  await cp.dispose();
  return body;
}

/** The local cloud's control plane as the customer's admin: PATCH one policy as Graph would. */
export async function customerAdminEdits(tenantId: string, policyId: string, patch: object): Promise<void> {
  const cp = await controlPlane();
  const res = await cp.patch(`/_emulator/tenants/${tenantId}/policies/${policyId}`, { data: patch });
  expect(res.ok(), await res.text()).toBe(true);
  await cp.dispose();
}

/** The policy's service-provider (guest or external users) exclusion, null when it has none. */
export const exclusionOf = (policy: Record<string, unknown>) =>
  (policy.conditions as { users: { excludeGuestsOrExternalUsers: unknown } }).users.excludeGuestsOrExternalUsers;
