// Proof of access (issue 16): Graph's What If, asked as the MSP's service provider, on the tenant page;
// the verdict before and after a fix in its preview; "proven: gets in" in history after the run.
// Each test puts the tenant in the state it needs as the customer's admin would (a policy added in the
// local cloud) and removes that policy at the end, so other specs see the fleet as seeded.
import { expect, test, type Page } from "@playwright/test";
import { confirmAndWait, customers, lastSeq, openFixAll, requestLog, type Customer } from "./support/fix";
import { controlPlane } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

const AZURE_MANAGEMENT = "797f4846-ba00-4fd7-ba43-dac1f8f63013"; // the Azure portal and Entra admin center
const TECHNICIAN = "technician, Microsoft admin portals, browser, Windows";
const AUTOMATION = "automation account, Microsoft Graph, app or desktop client";

/** As the customer's admin: a new enabled policy (Graph's shape), its id. */
async function addPolicy(tenantId: string, policy: object): Promise<string> {
  const cp = await controlPlane();
  const res = await cp.post(`/_emulator/tenants/${tenantId}/policies`, { data: policy });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await cp.dispose();
  return id;
}

async function deletePolicy(tenantId: string, policyId: string): Promise<void> {
  const cp = await controlPlane();
  expect((await cp.delete(`/_emulator/tenants/${tenantId}/policies/${policyId}`)).status()).toBe(204);
  await cp.dispose();
}

async function checkNow(page: Page, tenant: Customer) {
  await page.goto(`/tenants/${tenant.tenantId}`);
  await expect(page.getByRole("heading", { level: 1, name: tenant.displayName })).toBeVisible();
  const card = page.getByTestId("proof-of-access");
  await card.getByRole("button", { name: "Check sign-in now" }).click();
  await expect(card.getByTestId("proof-checked")).toContainText(/Checked .* by /, { timeout: 30_000 });
  return card;
}

const scenario = (card: ReturnType<Page["getByTestId"]>, name: string) => card.getByTestId("proof-scenario").filter({ hasText: name });

test.describe("proof of access", () => {
  test("a tenant blocked by CA: 'blocked by <policy>' before, 'gets in' in the fix's preview, 'proven: gets in' in history after the run", async ({ page }) => {
    test.setTimeout(300_000);
    const tenant = (await customers("healthy")).at(-2)!;
    const name = "Block the Azure portal for everyone";
    const policyId = await addPolicy(tenant.tenantId, {
      displayName: name,
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: [AZURE_MANAGEMENT] }, clientAppTypes: ["all"] },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    try {
      await ensureConnected(page);
      await syncAll(page);
      await page.context().clearCookies();
      await signInAs(page, "Portal.Operator", "/tenants");

      // Before: Graph's What If says the technician is blocked by that policy, naming the grant; the automation account gets in.
      const card = await checkNow(page, tenant);
      await expect(scenario(card, TECHNICIAN).getByTestId("verdict")).toHaveText(`blocked by ${name} (grant control: block access)`);
      await expect(scenario(card, AUTOMATION).getByTestId("verdict")).toHaveText("gets in");
      await expect(card.getByTestId("policy-label").filter({ hasText: name })).toHaveAttribute("data-label", "blocks-msp");
      await expect(card.getByTestId("policy-label").filter({ hasText: name })).toContainText("blocks the MSP");
      await scenario(card, TECHNICIAN).getByRole("button", { name: TECHNICIAN }).click();
      await expect(scenario(card, TECHNICIAN).getByRole("row").filter({ hasText: name })).toContainText("applies");
      await page.screenshot({ path: "test-results/screenshots/proof-of-access.png", fullPage: true });

      // The preview: now blocked, after the planned exclusion gets in.
      const dialog = await openFixAll(page, tenant);
      const technician = dialog.getByTestId("planned-verdict").filter({ hasText: TECHNICIAN });
      await expect(technician.getByTestId("verdict-before")).toHaveText(`now: blocked by ${name} (grant control: block access)`, { timeout: 30_000 });
      await expect(technician.getByTestId("verdict-after")).toHaveText("after: gets in");
      await page.screenshot({ path: "test-results/screenshots/proof-preview.png" });

      // The run writes; the engine then asks What If again (in the request log) and history says so.
      const seq = await lastSeq(tenant.tenantId);
      expect(await confirmAndWait(dialog)).toBe("succeeded");
      const evaluates = (await requestLog(tenant.tenantId, { sinceSeq: seq, method: "POST" })).filter((r) => r.path === "/identity/conditionalAccess/evaluate");
      expect(evaluates.length).toBe(2);
      await page.goto(`/history?tenant=${tenant.tenantId}`);
      const grid = page.getByRole("grid", { name: "Remediation history" });
      await expect(grid.getByRole("row").filter({ hasText: name }).filter({ hasText: "applied" })).toContainText("proven: gets in");
      await page.screenshot({ path: "test-results/screenshots/proof-history.png" });
      await page.goto(`/tenants/${tenant.tenantId}`);
      await expect(page.getByTestId("proof-headline")).toHaveText("proven: gets in");
    } finally {
      await deletePolicy(tenant.tenantId, policyId);
    }
  });

  test("a tenant whose only policy reaching the MSP asks for MFA: 'asks for MFA only', verdict 'gets in after MFA'", async ({ page }) => {
    test.setTimeout(180_000);
    const tenant = (await customers("healthy")).at(-3)!;
    const name = "Require MFA for all users";
    const policyId = await addPolicy(tenant.tenantId, {
      displayName: name,
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    });
    try {
      await ensureConnected(page);
      await syncAll(page);
      await page.context().clearCookies();
      await signInAs(page, "Portal.Reader", "/tenants");
      const card = await checkNow(page, tenant);
      for (const s of [TECHNICIAN, AUTOMATION]) await expect(scenario(card, s).getByTestId("verdict")).toHaveText("gets in after MFA");
      await expect(card.getByTestId("proof-headline")).toHaveText("proven: gets in after MFA");
      const reaching = card.locator('[data-testid="policy-label"]:not([data-label="not-reaching"])');
      await expect(reaching).toHaveCount(1);
      await expect(reaching).toContainText(name);
      await expect(reaching).toContainText("asks for MFA only");
    } finally {
      await deletePolicy(tenant.tenantId, policyId);
    }
  });
});
