// The conditions page's rules as findings (issue 17, acceptance 3 in the browser): a demo policy for
// Exchange ActiveSync clients with other apps, or one asking legacy clients for MFA, is flagged on its
// tenant's page, with the rule quoted.
import { expect, test } from "@playwright/test";
import { cloudPolicies, fleet } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

const EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";

type Raw = {
  conditions: { clientAppTypes?: string[]; applications?: { includeApplications?: string[] } };
  grantControls?: { builtInControls?: string[] } | null;
};

/** The rule a demo policy breaks, read from the local cloud's raw policy (not from lib/ca). */
function brokenRule(p: Raw): { id: string; text: string; quote: string } | null {
  const clients = p.conditions.clientAppTypes ?? [];
  const apps = p.conditions.applications?.includeApplications ?? [];
  const grants = p.grantControls?.builtInControls ?? [];
  if (clients.length > 0 && clients.every((t) => t === "exchangeActiveSync" || t === "easSupported") && !(apps.length === 1 && apps[0] === EXCHANGE_ONLINE)) {
    return {
      id: "eas-other-apps",
      text: "Targets Exchange ActiveSync clients with cloud apps other than Exchange Online alone.",
      quote: "Exchange Online should be the only cloud application assigned to the policy.",
    };
  }
  if (
    clients.some((t) => ["exchangeActiveSync", "easSupported", "other"].includes(t)) &&
    !grants.includes("block") &&
    grants.some((g) => ["mfa", "compliantDevice", "domainJoinedDevice"].includes(g))
  ) {
    return { id: "legacy-clients-blocked", text: "in effect it blocks these clients", quote: "so they are blocked by Conditional Access grant controls" };
  }
  return null;
}

async function policyBreakingARule() {
  for (const tenant of (await fleet()).customers) {
    for (const policy of await cloudPolicies(tenant.tenantId)) {
      const rule = brokenRule(policy as unknown as Raw);
      if (rule) return { tenant, policy, rule };
    }
  }
  throw new Error("no demo policy breaks the Exchange ActiveSync or legacy-client rules");
}

test("a policy breaking a rule of Microsoft's conditions page shows the finding with the rule quoted", async ({ page }) => {
  test.setTimeout(240_000);
  await ensureConnected(page);
  await syncAll(page);
  const { tenant, policy, rule } = await policyBreakingARule();

  await page.goto(`/tenants/${tenant.tenantId}`);
  const card = page.locator(`[data-testid="policy"][data-policy-id="${policy.id as string}"]`);
  await expect(card.getByTestId("findings-count")).toBeVisible();
  // The list scans by recency too: when the tenant last changed the policy (Graph gives every policy a createdDateTime).
  await expect(card.getByTestId("policy-modified")).toHaveText(/^changed \w{3} \d{1,2}, \d{4}$/);
  await card.getByRole("button").first().click();
  const finding = card.locator(`[data-testid="finding"][data-finding="${rule.id}"]`);
  await expect(finding).toContainText(rule.text);
  await expect(finding).toContainText(rule.quote);
  await finding.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/policy-finding.png" });
});
