// Test access to the local Microsoft cloud's control plane (/_emulator/), which the e2e stack
// starts on EMULATOR_PORT. Only tests use it; the portal never does.
import { request, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ENV } from "../../playwright.config";

export const CLOUD = `https://127.0.0.1:${E2E_ENV.EMULATOR_PORT}`;

export interface Fleet {
  partner: {
    tenantId: string;
    domain: string;
    serviceAccount: { id: string; userPrincipalName: string; password: string };
    staff: { userPrincipalName: string; displayName: string; password: string; portalRole: string | null }[];
  };
  customers: { tenantId: string; displayName: string; scenario: string; tags: string[] }[];
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
