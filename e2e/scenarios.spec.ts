// The sign-in scenarios proof of access asks Graph's What If about (Settings, issue 16): an admin adds
// one, a bad app id is refused in words and nothing is saved, and the tenant's next check asks about
// the new sign-in, which a Linux-only block catches while the Windows scenario still gets in. A reader
// sees the set and cannot change it. The spec puts the set and the tenant back as it found them.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { customers } from "./support/fix";
import { controlPlane } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

const AZURE_MANAGEMENT = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const TECHNICIAN = "technician, Microsoft admin portals, browser, Windows";
const ADDED = "technician, Azure portal, browser, Linux";
const BLOCK = "Block the Azure portal on Linux";

async function scenarioCard(page: Page): Promise<Locator> {
  await page.goto("/settings");
  const card = page.getByTestId("sign-in-scenarios");
  await expect(card.getByRole("heading", { name: "Sign-in scenarios (proof of access)" })).toBeVisible();
  return card;
}

async function choose(row: Locator, label: string, option: string) {
  await row.getByLabel(label).click();
  await row.page().getByRole("option", { name: option, exact: true }).click();
}

async function removeAdded(page: Page) {
  const card = await scenarioCard(page);
  const added = card.getByTestId("scenario-row").filter({ has: page.locator(`input[value="${ADDED}"]`) });
  if ((await added.count()) === 0) return;
  await added.getByRole("button", { name: "Remove" }).click();
  await card.getByRole("button", { name: "Save scenarios" }).click();
  await expect(card.getByRole("alert")).toContainText("Saved.");
}

test.describe("sign-in scenarios", () => {
  test("an admin adds a scenario; a bad app id is refused in words; the tenant's next check asks about the new sign-in", async ({ page }) => {
    test.setTimeout(180_000);
    const tenant = (await customers("healthy")).at(-4)!;
    const cp = await controlPlane();
    const created = await cp.post(`/_emulator/tenants/${tenant.tenantId}/policies`, {
      data: {
        displayName: BLOCK,
        state: "enabled",
        conditions: {
          users: { includeUsers: ["All"] },
          applications: { includeApplications: [AZURE_MANAGEMENT] },
          clientAppTypes: ["all"],
          platforms: { includePlatforms: ["linux"] },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id: policyId } = (await created.json()) as { id: string };
    try {
      await ensureConnected(page);
      await syncAll(page);
      let card = await scenarioCard(page);
      const rows = card.getByTestId("scenario-row");
      const before = await rows.count();

      await card.getByRole("button", { name: "Add scenario" }).click();
      await expect(rows).toHaveCount(before + 1);
      const row = rows.last();
      await row.getByLabel("Name").fill(ADDED);
      await row.getByLabel("App ids").fill("the azure portal");
      await choose(row, "Platform", "linux");
      await card.getByRole("button", { name: "Save scenarios" }).click();
      await expect(card.getByRole("alert")).toContainText("An app id looks like 00000003-0000-0000-c000-000000000000.");

      // Nothing was saved: a reload shows the set as it was.
      card = await scenarioCard(page);
      await expect(rows).toHaveCount(before);

      await card.getByRole("button", { name: "Add scenario" }).click();
      await rows.last().getByLabel("Name").fill(ADDED);
      await rows.last().getByLabel("App ids").fill(AZURE_MANAGEMENT.toUpperCase());
      await choose(rows.last(), "Platform", "linux");
      await rows.last().getByLabel("Country (2 letters)").fill("de");
      await card.getByRole("button", { name: "Save scenarios" }).click();
      await expect(card.getByRole("alert")).toContainText("Saved. The next check of each tenant asks about these sign-ins.");
      await page.screenshot({ path: "test-results/screenshots/settings-scenarios.png", fullPage: true });

      // Stored as the server validated it: the app id in lower case, the country in upper case.
      card = await scenarioCard(page);
      await expect(rows).toHaveCount(before + 1);
      await expect(rows.last().getByLabel("App ids")).toHaveValue(AZURE_MANAGEMENT);
      await expect(rows.last().getByLabel("Country (2 letters)")).toHaveValue("DE");

      // The tenant's next check asks What If about the new sign-in too: Linux is blocked, Windows gets in.
      await page.goto(`/tenants/${tenant.tenantId}`);
      const proof = page.getByTestId("proof-of-access");
      await proof.getByRole("button", { name: "Check sign-in now" }).click();
      await expect(proof.getByTestId("proof-checked")).toContainText(/Checked .* by /, { timeout: 30_000 });
      const verdict = (name: string) => proof.getByTestId("proof-scenario").filter({ hasText: name }).getByTestId("verdict");
      await expect(verdict(ADDED)).toHaveText(`blocked by ${BLOCK} (grant control: block access)`);
      await expect(verdict(TECHNICIAN)).toHaveText("gets in");

      // A reader sees the set, greyed out, and is told who may change it.
      await page.context().clearCookies();
      await signInAs(page, "Portal.Reader", "/settings");
      const readerCard = page.getByTestId("sign-in-scenarios");
      await expect(readerCard.getByTestId("scenario-row")).toHaveCount(before + 1);
      await expect(readerCard.getByLabel("Name").last()).toBeDisabled();
      await expect(readerCard.getByRole("button", { name: "Save scenarios" })).toHaveCount(0);
      await expect(readerCard).toContainText("Only an admin can change the scenarios.");
    } finally {
      await page.context().clearCookies();
      await signInAs(page, "Portal.Admin", "/settings");
      await removeAdded(page);
      expect((await cp.delete(`/_emulator/tenants/${tenant.tenantId}/policies/${policyId}`)).status()).toBe(204);
      await cp.dispose();
      await syncAll(page); // the portal's copy of the tenant without the block, for the specs after this one
    }
  });
});
