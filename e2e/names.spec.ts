import { expect, test, type Locator, type Page } from "@playwright/test";
import { fleet } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The GUIDs in a text that stand alone: an id is explained when it follows its name in brackets
 * ("Expense Portal (…)", "deleted object (…)", "unknown tenant (…)"); a policy's own "Id:" line sits
 * under its name.
 */
function bareGuids(text: string): string[] {
  const bare: string[] = [];
  for (const line of text.split("\n")) {
    if (/^\s*Id: /.test(line)) continue;
    for (const m of line.matchAll(GUID)) if (line[(m.index ?? 0) - 1] !== "(") bare.push(`${m[0]} in "${line.trim()}"`);
  }
  return bare;
}

/** Opens every policy of the list (each an accordion), then returns each one's rendered text. */
async function renderedPolicies(page: Page): Promise<{ name: string; text: string }[]> {
  const summaries = page.getByTestId("policy").locator(".MuiAccordionSummary-root");
  // One click each, in the page (a tenant has up to 130 policies), then wait until every one is open.
  await summaries.evaluateAll((els) => els.forEach((el) => el.getAttribute("aria-expanded") !== "true" && (el as HTMLElement).click()));
  await expect(page.locator('[data-testid="policy"] .MuiAccordionSummary-root[aria-expanded="false"]')).toHaveCount(0);
  return page.getByTestId("policy").evaluateAll((els) =>
    els.map((el) => ({
      name: (el.querySelector(".MuiAccordionSummary-root") as HTMLElement | null)?.innerText.split("\n")[0] ?? "",
      text: (el as HTMLElement).innerText,
    })),
  );
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join("\n");
}

test.describe("names, not GUIDs", () => {
  test("no policy of any demo tenant shows a bare GUID where Graph knows the name; the MSP is named from Graph", async ({ page }) => {
    test.setTimeout(900_000); // 40 tenants, up to 130 policies each, on a loaded machine
    await ensureConnected(page);
    await syncAll(page);
    const f = await fleet();
    const offenders: string[] = [];
    let policies = 0;
    const seen = { deleted: 0, partner: 0, namedLocation: 0, user: 0 };
    for (const customer of f.customers) {
      await page.goto(`/tenants/${customer.tenantId}`);
      await expect(page.getByRole("heading", { level: 1, name: customer.displayName })).toBeVisible();
      for (const { name, text } of await renderedPolicies(page)) {
        policies += 1;
        for (const bare of bareGuids(text)) offenders.push(`${customer.displayName} (${customer.scenario}), "${name}": ${bare}`);
        if (text.includes("deleted object (")) seen.deleted += 1;
        if (text.includes(`${f.partner.displayName} (your MSP tenant) (${f.partner.tenantId})`)) seen.partner += 1;
        if (/Head office, trusted IP ranges [0-9.]+\/\d+ \(/.test(text)) seen.namedLocation += 1;
        if (/(Includes|Excludes) users: .*, [^ ]+@[^ ]+ \([0-9a-f-]{36}\)/.test(text)) seen.user += 1;
      }
    }
    expect(offenders, offenders.slice(0, 20).join("\n")).toEqual([]);
    expect(policies).toBeGreaterThan(200);
    // What makes the names real: Graph's names for users (with their UPN), named locations (with their
    // ranges), the MSP's own tenant, and an app a customer deleted, still shown with its id.
    expect(seen.user).toBeGreaterThan(0);
    expect(seen.namedLocation).toBeGreaterThan(0);
    expect(seen.partner).toBeGreaterThan(0);
    expect(seen.deleted).toBeGreaterThan(0);

    // A preview names the MSP and what the policy points at too (its exact request stays as Graph takes it).
    // The tenant with the most policies still to fix (other specs have fixed some of the demo's).
    const rows = (await (await page.request.get("/api/tenants")).json()) as { id: string; needsFixCount: number | null }[];
    const missing = rows.filter((r) => (r.needsFixCount ?? 0) > 0).sort((a, b) => (b.needsFixCount ?? 0) - (a.needsFixCount ?? 0))[0]!;
    await page.goto(`/tenants/${missing.id}`);
    await page.getByRole("button", { name: "Fix all" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
    const sections = dialog.getByTestId("preview-policy");
    await expect(sections.first()).toBeVisible();
    // The users condition before and after in words, and each plan's reason and warnings (the JSON and the request are Graph's own).
    const described = [
      await textOf(sections.getByTestId("users-before")),
      await textOf(sections.getByTestId("users-after")),
      await textOf(sections.locator(":scope > div > p.MuiTypography-body2")),
      await textOf(sections.getByRole("alert")),
    ].join("\n");
    expect(bareGuids(described)).toEqual([]);
    expect(described).toContain(`${f.partner.displayName} (your MSP tenant) (${f.partner.tenantId})`);
    await page.screenshot({ path: "test-results/screenshots/names-preview.png", fullPage: true });
  });
});
