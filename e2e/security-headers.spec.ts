import { expect, test, type Page } from "@playwright/test";
import { fleet, signIn, staff } from "./support/local-cloud";

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test.describe("security headers", () => {
  test("pages carry a strict, per-request Content-Security-Policy", async ({ request }) => {
    const a = (await request.get("/status")).headers()["content-security-policy"] ?? "";
    const b = (await request.get("/status")).headers()["content-security-policy"] ?? "";
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'strict-dynamic'"]) {
      expect(a).toContain(directive);
    }
    expect(a).not.toContain("unsafe-eval");
    expect(a).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(a.match(/'nonce-([^']+)'/)?.[1]).not.toBe(b.match(/'nonce-([^']+)'/)?.[1]); // fresh per request
  });

  test("the pages render under it without a single violation, signed out and signed in", async ({ page }) => {
    const violations = watchCsp(page);
    await page.goto("/status");
    await expect(page.getByTestId("overall-status")).toBeVisible();
    await page.getByRole("button", { name: /^Theme:/ }).click(); // client-side JS runs
    await page.goto("/login");
    await expect(page.getByRole("link", { name: "Sign in with Microsoft" })).toBeVisible();
    await signIn(page, staff(await fleet(), "Portal.Reader").displayName, "/tenants");
    await expect(page.getByRole("heading", { name: "Customer tenants" })).toBeVisible();
    expect(violations).toEqual([]);
  });
});
