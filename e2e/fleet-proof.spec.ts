// Proof of access across the fleet (issue 16, acceptance 4): one button on the dashboard asks Graph's
// What If for every tenant as queue jobs; the card shows the progress until every tenant is counted,
// and each tenant's page then holds its answer. What If only reads: nothing is written anywhere.
import { expect, test } from "@playwright/test";
import { isWrite, lastSeq, requestLog } from "./support/fix";
import { fleet } from "./support/local-cloud";
import { ensureConnected, signInAs, syncAll } from "./support/portal";

test("an operator checks every tenant's sign-in from the dashboard; the progress reaches every tenant and nothing is written", async ({ page, browser }) => {
  test.setTimeout(300_000);
  await ensureConnected(page);
  const rows = await syncAll(page);
  const f = await fleet();
  const tenants = rows.filter((r) => r.gdapStatus !== "none");
  const sample = f.customers.find((c) => tenants.some((t) => t.id === c.tenantId))!;
  const seq = await lastSeq(sample.tenantId);

  await page.goto("/");
  const card = page.getByRole("region", { name: "Sign-in proof across tenants" });
  await card.getByRole("button", { name: "Check sign-in for all tenants" }).click();
  const progress = card.getByTestId("fleet-check-progress");
  await expect(progress).toContainText(`of ${tenants.length} tenants checked`, { timeout: 15_000 });
  await expect(progress).toContainText(`${tenants.length} of ${tenants.length} tenants checked ·`, { timeout: 180_000 });
  await card.screenshot({ path: "test-results/screenshots/fleet-proof.png" });

  // The sample tenant was asked (What If is a POST to evaluate) and nothing was written to it.
  const since = await requestLog(sample.tenantId, { sinceSeq: seq + 1 });
  expect(since.some((r) => r.method === "POST" && r.path.endsWith("/conditionalAccess/evaluate"))).toBe(true);
  expect(since.filter(isWrite)).toEqual([]);
  await page.goto(`/tenants/${sample.tenantId}`);
  await expect(page.getByTestId("proof-headline")).toContainText(/proven|not proven/);

  // A reader follows the check but cannot start one.
  const reader = await browser.newPage();
  await signInAs(reader, "Portal.Reader", "/");
  const readerCard = reader.getByRole("region", { name: "Sign-in proof across tenants" });
  await expect(readerCard.getByTestId("fleet-check-progress")).toContainText(`${tenants.length} of ${tenants.length} tenants checked`);
  await expect(readerCard.getByRole("button", { name: "Check sign-in for all tenants" })).toHaveCount(0);
  await reader.close();
});
