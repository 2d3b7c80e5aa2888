// For tests and the bulk benchmark that run the portal's jobs against an in-process local cloud:
// connect the automation account as an admin would, and the environment of a real worker child.
import { readForms, TestBrowser } from "@/emulator/login/test-browser";
import type { RunningEmulator } from "@/emulator/main";
import { childEnv } from "@/lib/config";
import { finishConnect, startConnect } from "@/lib/graph/connection";
import type { GraphSettings } from "@/lib/graph/settings";

/** What an admin does once in Settings: sign the automation account in through the sign-in page. */
export async function connectAutomationAccount(em: RunningEmulator, settings: GraphSettings, byUpn = "admin@tailwindmsp.onmicrosoft.com"): Promise<void> {
  const { url, cookie } = await startConnect("/settings", { settings });
  const browser = new TestBrowser();
  const page = await browser.get(url);
  const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"));
  if (!form) throw new Error("the local cloud's sign-in page has no credentials form");
  const account = em.fleet.serviceAccount;
  const back = await browser.submit(page.url, form, [
    ["upn", account.userPrincipalName],
    ["password", account.password],
  ]);
  await finishConnect(new URL(back.location ?? "http://invalid/").searchParams, cookie, byUpn, settings);
}

/** `scripts/worker.ts`'s environment: the same database, local cloud, credentials and key as `settings`. */
export function workerEnv(o: { em: RunningEmulator; settings: GraphSettings; databaseUrl: string; concurrency: number }): NodeJS.ProcessEnv {
  const s = o.settings;
  return childEnv({
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: o.databaseUrl,
    ENTRA_AUTHORITY_HOST: o.em.url,
    GRAPH_BASE_URL: o.em.url,
    ENTRA_CLIENT_ID: s.clientId,
    ENTRA_CLIENT_SECRET: s.clientSecret,
    PARTNER_TENANT_ID: s.partnerTenantId,
    ENCRYPTION_KEY: s.encryptionKey.toString("base64"),
    PORTAL_URL: s.portalUrl,
    NODE_EXTRA_CA_CERTS: o.em.caPath,
    GRAPH_CA_REQUESTS_PER_SECOND: String(s.caRequestsPerSecond),
    WORKER_CONCURRENCY: String(o.concurrency),
  });
}
