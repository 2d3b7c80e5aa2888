// The guard's alerts and auto-fix, end to end (sweep every 15 s: 5 minutes at the e2e time scale).
// The test plays the MSP's receivers: a webhook receiver that verifies each delivery with the
// `standardwebhooks` package (an implementation independent of the portal's), and an SMTP server
// (`smtp-server`) that takes mail only after STARTTLS, with the local cloud's certificate (the portal
// trusts its CA, as it trusts a real mail server's).
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { E2E_ENV } from "../playwright.config";
import { customers, isWrite, lastSeq, requestLog, runOneUndo, type Customer } from "./support/fix";
import { cloudPolicy, customerAdminEdits, exclusionOf } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

/** A few sweeps, with room for a busy machine. */
const WITHIN_SWEEPS = 120_000;

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

interface AlertBody {
  type: string;
  subject: string;
  tenants: {
    tenantId: string;
    tenantName: string;
    link: string;
    events: { type: string; policyId: string | null; actor: string | null; diff: { removed: string[]; added: string[] } | null }[];
  }[];
}

interface Mail {
  secure: boolean;
  raw: string;
}

function webhookReceiver(): Promise<{ server: Server; url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, deliveries })),
  );
}

function mailServer(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const certs = join(E2E_ENV.DATA_DIR, "emulator-certs");
  const mails: Mail[] = [];
  const server = new SMTPServer({
    key: readFileSync(join(certs, "server-key.pem")),
    cert: readFileSync(join(certs, "server.pem")),
    authOptional: true,
    disabledCommands: ["AUTH"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({ secure: session.secure, raw });
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.server.address() as AddressInfo).port, mails })));
}

/** A policy of the tenant whose MSP exclusion is in place in the local cloud. */
async function excludedPolicy(page: Page, tenant: Customer): Promise<{ id: string; name: string }> {
  await page.goto(`/tenants/${tenant.tenantId}`);
  for (const card of await page.getByTestId("policy").all()) {
    const id = (await card.getAttribute("data-policy-id"))!;
    const policy = await cloudPolicy(tenant.tenantId, id);
    if (exclusionOf(policy) && policy.state !== "disabled") return { id, name: String(policy.displayName) };
  }
  throw new Error(`no policy of ${tenant.displayName} has the MSP exclusion`);
}

async function addDestination(page: Page, fill: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>) {
  await page.getByRole("button", { name: "Add destination" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an alert destination" });
  await fill(dialog);
  await dialog.getByRole("button", { name: "Add destination" }).click();
  await expect(dialog).toBeHidden();
}

test.describe("the guard's alerts and auto-fix", () => {
  test.setTimeout(600_000);
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof mailServer>>;
  test.beforeAll(async () => {
    hook = await webhookReceiver();
    smtp = await mailServer();
  });
  test.afterAll(async () => {
    await new Promise<void>((r) => hook.server.close(() => r()));
    await new Promise<void>((r) => smtp.server.close(() => r()));
  });

  test("a removed exclusion reaches a signed webhook and an e-mail within a sweep; with auto-fix it is put back, and a tenant whose fix is refused stops after two failures and alerts", async ({
    page,
  }) => {
    await ensureConnected(page); // as the admin
    await syncAll(page);
    const healthy = await customers("healthy");
    // guard.spec.ts edits the last healthy tenant; this test takes another one.
    const tenant = healthy.length > 1 ? healthy[0]! : healthy.at(-1)!;
    const readOnly = (await customers("gdap-read-only"))[0]!;
    const policy = await excludedPolicy(page, tenant);

    // An admin adds a signed webhook and an e-mail destination; the webhook's secret is shown once.
    await page.goto("/alerts");
    await addDestination(page, async (d) => {
      await d.getByLabel("Name", { exact: true }).fill("SOC webhook");
      await d.getByLabel("URL", { exact: true }).fill(hook.url);
    });
    const secret = (await page.getByTestId("signing-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await addDestination(page, async (d) => {
      await d.getByLabel("Kind").click();
      await page.getByRole("option", { name: "E-mail (SMTP)" }).click();
      await d.getByLabel("Name", { exact: true }).fill("On-call mail");
      await d.getByLabel("SMTP server").fill("127.0.0.1");
      await d.getByLabel("Port", { exact: true }).fill(String(smtp.port));
      await d.getByLabel("From", { exact: true }).fill("guard@tailwindmsp.example");
      await d.getByLabel("To", { exact: true }).fill("oncall@tailwindmsp.example");
    });
    await expect(page.getByTestId("destination")).toHaveCount(2);
    // "Send test" goes out at once and shows the receiver's answer.
    const webhookRow = page.getByTestId("destination").filter({ hasText: "SOC webhook" });
    await webhookRow.getByRole("button", { name: "Send test" }).click();
    await expect(webhookRow.getByTestId("test-result")).toHaveText("Delivered (HTTP 204).");
    expect((JSON.parse(hook.deliveries.at(-1)!.body) as AlertBody).type).toBe("guard.test");
    await page.screenshot({ path: "test-results/e2e/guard-alerts.png", fullPage: true });

    // The customer's admin removes the exclusion; within a sweep the webhook gets one signed delivery.
    const before = hook.deliveries.length;
    await customerAdminEdits(tenant.tenantId, policy.id, { conditions: { users: { excludeGuestsOrExternalUsers: null } } });
    const removedAlert = () =>
      hook.deliveries
        .slice(before)
        .map((d) => ({ d, body: JSON.parse(d.body) as AlertBody }))
        .filter(({ body }) => body.tenants.some((t) => t.tenantId === tenant.tenantId && t.events.some((e) => e.type === "exclusion-removed")));
    await expect.poll(() => removedAlert().length, { timeout: WITHIN_SWEEPS, intervals: [1_000] }).toBe(1);
    const { d: delivery } = removedAlert()[0]!;
    const verified = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as AlertBody;
    const event = verified.tenants[0]!.events.find((e) => e.type === "exclusion-removed")!;
    expect(verified.subject).toContain(tenant.displayName);
    expect(event.policyId).toBe(policy.id);
    expect(event.diff!.removed.join("\n")).toContain("your MSP tenant");
    expect(verified.tenants[0]!.link).toMatch(new RegExp(`/tenants/${tenant.tenantId}$`));
    // The e-mail came over STARTTLS, with the same news.
    await expect
      .poll(() => smtp.mails.filter((m) => m.raw.includes(tenant.displayName) && m.raw.includes("MSP exclusion removed")).length, { timeout: 60_000 })
      .toBe(1);
    expect(smtp.mails.every((m) => m.secure)).toBe(true);
    // The tenant's page shows the event with its diff.
    await page.goto(`/tenants/${tenant.tenantId}`);
    await expect(page.getByTestId("guard-status")).toContainText("Guard: alert");
    await expect(page.locator('[data-testid="change-event"][data-event-type="exclusion-removed"]')).toHaveCount(1);

    // Auto-fix for a group with this tenant and a tenant whose GDAP roles cannot write.
    const readOnlySeq = await lastSeq(readOnly.tenantId);
    await page.goto("/groups");
    await page.getByRole("button", { name: "New group" }).click();
    const groupDialog = page.getByRole("dialog", { name: "New tenant group" });
    await groupDialog.getByLabel("Name").fill("Guarded");
    for (const t of [tenant, readOnly]) {
      await groupDialog.getByLabel("Tenants").fill(t.displayName);
      // The option reads "name" or "name (domain)"; another tenant's name may start with this one's.
      await page.getByRole("option", { name: new RegExp(`^${t.displayName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(|$)`) }).click();
    }
    await page.keyboard.press("Escape"); // the list stays open for more picks
    await groupDialog.getByRole("button", { name: "Save group" }).click();
    await expect(groupDialog).toBeHidden();
    const row = page.getByTestId("group-row").filter({ hasText: "Guarded" });
    await row.getByLabel("Guard mode").click();
    await page.getByRole("option", { name: "Auto-fix and alert" }).click();
    await expect(page.getByTestId("guard-mode-notice")).toContainText("Auto-fix is on for Guarded");

    // The drift guard puts the exclusion back at the next sweep, as a run in history.
    await expect
      .poll(async () => exclusionOf(await cloudPolicy(tenant.tenantId, policy.id)) !== null, { timeout: WITHIN_SWEEPS, intervals: [2_000] })
      .toBe(true);
    const guardChanges = () => page.locator(".MuiDataGrid-row").filter({ hasText: "drift guard" });
    await page.goto(`/history?tenant=${tenant.tenantId}&user=drift%20guard`);
    await expect(guardChanges().filter({ hasText: "applied" })).toHaveCount(1);

    // The read-only tenant: two runs refused before any write (its GDAP grants only Security Reader, so
    // Graph would answer 403), then auto-fix stops and alerts, saying why; no third run.
    const stoppedAlert = () =>
      hook.deliveries
        .map((d) => JSON.parse(d.body) as AlertBody)
        .filter((b) => b.tenants.some((t) => t.tenantId === readOnly.tenantId && t.events.some((e) => e.type === "auto-fix-stopped")));
    await expect.poll(() => stoppedAlert().length, { timeout: WITHIN_SWEEPS * 2, intervals: [2_000] }).toBe(1);
    expect(JSON.stringify(stoppedAlert()[0])).toContain("Read-only GDAP: its role (Security Reader) cannot change Conditional Access");
    await page.goto(`/tenants/${readOnly.tenantId}`);
    await expect(page.getByTestId("auto-fix-stopped")).toContainText("after two failed runs in a row");
    await expect(page.getByTestId("auto-fix-stopped")).toContainText("Read-only GDAP: its role (Security Reader) cannot change Conditional Access");
    await page.screenshot({ path: "test-results/e2e/guard-auto-fix-stopped.png", fullPage: true });
    // Its page lists the drift guard's two failed runs, and no third comes after two more sweeps.
    const runs = page.getByTestId("guard-run");
    await expect(runs).toHaveCount(2);
    for (const r of await runs.all()) await expect(r).toHaveAttribute("data-status", "failed");
    await page.waitForTimeout(40_000); // more than two sweeps at 15 s
    await page.reload();
    await expect(runs).toHaveCount(2);
    expect(stoppedAlert()).toHaveLength(1);
    // Nothing was sent to it to write: no PATCH, so no 403.
    expect((await requestLog(readOnly.tenantId, { sinceSeq: readOnlySeq })).filter(isWrite)).toEqual([]);

    // Leave the stack as other specs expect it: no destinations, the group gone.
    await page.goto("/groups");
    await page.getByTestId("group-row").filter({ hasText: "Guarded" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByTestId("group-row").filter({ hasText: "Guarded" })).toHaveCount(0);

    // Undo the drift guard's run from its page (its tenants are back to "alert": nothing fixes it again).
    await page.goto(`/tenants/${tenant.tenantId}`);
    await page.locator('[data-testid="guard-run"][data-status="succeeded"]').first().getByRole("link").click();
    await expect(page).toHaveURL(/\/runs\//);
    const guardRunUrl = page.url();
    await page.getByRole("button", { name: "Undo this run" }).click();
    await runOneUndo(page);
    await expect(page.getByTestId("undoes-run").getByRole("link")).toHaveAttribute("href", new URL(guardRunUrl).pathname);
    expect(exclusionOf(await cloudPolicy(tenant.tenantId, policy.id))).toBeNull();
    await page.goto(guardRunUrl);
    await expect(page.getByTestId("run-headline")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("undone-by")).toContainText("succeeded");

    // The report for the customer: the guard's repair and its undo, who made them, and the change noticed.
    await page.goto(`/tenants/${tenant.tenantId}/report`);
    const reportChanges = page.getByTestId("report-change");
    await expect(reportChanges.filter({ hasText: "drift guard" }).filter({ hasText: "Auto-fix (drift guard)" })).toHaveCount(1);
    await expect(reportChanges.filter({ hasText: "Undo of a run" })).toHaveCount(1);
    await expect(page.getByTestId("customer-report")).toContainText("MSP exclusion removed");
    await page.screenshot({ path: "test-results/e2e/guard-customer-report.png", fullPage: true });

    // The dashboard charts where the tenants stood at each day's last sweep.
    await page.goto("/");
    await expect(page.getByTestId("compliance-today")).toContainText(
      /^Today: \d+ fully protected, \d+ needing a fix or review, \d+ unreachable; GDAP ends within 30 days for \d+\.$/,
    );
    await page.getByTestId("compliance-chart").screenshot({ path: "test-results/e2e/guard-compliance.png" });
    await page.goto("/alerts");
    page.on("dialog", (d) => void d.accept());
    for (const name of ["SOC webhook", "On-call mail"]) {
      await page.getByTestId("destination").filter({ hasText: name }).getByRole("button", { name: "Delete" }).click();
      await expect(page.getByTestId("destination").filter({ hasText: name })).toHaveCount(0);
    }
  });
});
