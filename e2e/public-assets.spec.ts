import { expect, test } from "@playwright/test";

test.describe("public assets", () => {
  test("robots.txt keeps every crawler out of the whole portal, and pages say noindex too", async ({ request, page }) => {
    const robots = await request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(robots.headers()["content-type"]).toContain("text/plain");
    const rules = (await robots.text()).split("\n").filter((l) => l && !l.startsWith("#"));
    expect(rules).toEqual(["User-agent: *", "Disallow: /"]);

    await page.goto("/status");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  });

  test("the favicon, the app icons and the manifest are served and linked from every page", async ({ request, page }) => {
    await page.goto("/status");
    const hrefs = await page
      .locator('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute("href")!));
    expect(hrefs.map((h) => h.split("?")[0]).sort()).toEqual(["/apple-touch-icon.png", "/favicon.ico", "/icon.svg", "/manifest.webmanifest"]);
    const types: Record<string, string> = {
      "/favicon.ico": "image/",
      "/icon.svg": "image/svg+xml",
      "/apple-touch-icon.png": "image/png",
      "/icon-192.png": "image/png",
      "/icon-512.png": "image/png",
      "/manifest.webmanifest": "application/manifest+json",
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["content-type"], path).toContain(type);
    }
    const manifest = await (await request.get("/manifest.webmanifest")).json();
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(["192x192", "512x512", "any"]);
  });
});
