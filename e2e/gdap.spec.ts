// GDAP ended means no writes (acceptance 6): a customer whose GDAP relationships all ended cannot be
// written to, even where the portal's app holds application permissions in the tenant, until an
// admin opts the tenant into app-only writes on its page.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_ENV } from "../playwright.config";
import { confirmAndWait, isWrite, lastSeq, openFixAll, plannedChanges, requestLog } from "./support/fix";
import { controlPlane, fleet, staff } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

const DB = `postgresql://postgres:postgres@127.0.0.1:${E2E_ENV.EMBEDDED_PG_PORT}/portal`;
const TOGGLE = "Allow app-only writes to this tenant while GDAP is not active";

test("a customer whose GDAP relationships all ended is not written to until an admin allows app-only writes", async ({ browser }) => {
  test.setTimeout(240_000);
  const f = await fleet();
  const tenant = f.customers.find((c) => c.scenario === "gdap-terminated")!;
  const admin = await browser.newPage();
  await ensureConnected(admin);
  // A first sync, as other specs may have run: the portal tried app-only there and may hold a token without application permissions.
  await syncAll(admin);
  // In the local cloud: every relationship with the customer terminated (Graph's
  // delegatedAdminRelationshipStatus), and the portal's app consented there with application
  // permissions, so app-only access works and only the portal's own rule keeps it from writing.
  const cp = await controlPlane();
  const fault = await cp.post("/_emulator/faults", {
    data: {
      tenantId: tenant.tenantId,
      gdapStatus: "terminated",
      appConsent: {
        delegatedScopes: ["User.Read", "Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"],
        appRoles: ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"],
      },
    },
  });
  expect(fault.ok(), await fault.text()).toBe(true);
  await cp.dispose();

  await syncAll(admin); // the relationships are read: the tenant's GDAP is terminated; its policies are read app-only
  await admin.goto(`/tenants/${tenant.tenantId}`);
  await expect(admin.getByText("GDAP terminated")).toBeVisible();
  const card = admin.getByTestId("app-only-writes");
  await expect(card).toHaveAttribute("data-allowed", "false");
  await expect(card.getByTestId("gdap-ended")).toHaveText(
    "GDAP with this customer has ended; the portal does not write to it unless an admin allows app-only writes.",
  );

  // An operator's fix: refused in words, and nothing but reads reaches the tenant.
  const operator = await browser.newPage();
  await signInAs(operator, "Portal.Operator", `/tenants/${tenant.tenantId}`);
  await expect(operator.getByRole("switch", { name: TOGGLE })).toBeDisabled();
  await expect(operator.getByTestId("app-only-writes-state")).toHaveText("Not allowed: no writes without active GDAP. Only an admin can change this.");
  const seq = await lastSeq(tenant.tenantId);
  let dialog = await openFixAll(operator, tenant);
  await expect(dialog).toContainText(
    "The preview could not be made: GDAP with this customer has ended; the portal does not write to it unless an admin allows app-only writes. (Its GDAP relationships are terminated.)",
  );
  await expect(dialog.getByRole("button", { name: /^Confirm/ })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect((await requestLog(tenant.tenantId, { sinceSeq: seq })).filter(isWrite)).toEqual([]);

  // The admin allows app-only writes: shown with who and when, and audited.
  const since = new Date();
  await admin.getByRole("switch", { name: TOGGLE }).check();
  const adminUpn = staff(f, "Portal.Admin").userPrincipalName;
  await expect(admin.getByTestId("app-only-writes-state")).toContainText(`Allowed by ${adminUpn} on `);
  await expect(card).toHaveAttribute("data-allowed", "true");
  await expect(card.getByTestId("gdap-ended")).toContainText("an admin allowed app-only writes");
  await admin.screenshot({ path: "test-results/screenshots/tenant-app-only-writes.png", fullPage: true });

  // Now the operator's fix is previewed and written, app-only.
  await operator.reload();
  dialog = await openFixAll(operator, tenant);
  const planned = await plannedChanges(dialog);
  expect(planned.length).toBeGreaterThan(0);
  await expect(dialog).toContainText("Read live with the portal's app-only permissions");
  expect(await confirmAndWait(dialog)).toBe("succeeded");
  const writes = (await requestLog(tenant.tenantId, { sinceSeq: seq })).filter(isWrite);
  expect(writes.map((w) => [w.method, w.status])).toEqual(planned.map(() => ["PATCH", 204]));

  const client = new pg.Client({ connectionString: DB });
  await client.connect();
  const audit = await client.query(
    `select "actorUpn", result, "targetTenantId", detail from "AuditEvent" where action = 'tenant-app-only-writes' and at >= $1`,
    [since],
  );
  const refused = await client.query(
    `select "actorUpn", detail from "AuditEvent" where action = 'preview-fix' and result = 'denied' and "targetTenantId" = $1`,
    [tenant.tenantId],
  );
  await client.end();
  expect(audit.rows).toEqual([{ actorUpn: adminUpn, result: "success", targetTenantId: tenant.tenantId, detail: { allowed: "true" } }]);
  expect(refused.rows).toEqual([{ actorUpn: staff(f, "Portal.Operator").userPrincipalName, detail: { reason: "gdap-ended" } }]);
});
