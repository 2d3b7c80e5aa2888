import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { databaseTarget } from "./health/report";
import { ConfigError, embeddedSocketDir, parseConfig } from "./config";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("defaults to an embedded database, Microsoft's global cloud and port 3000", () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.embeddedDatabase).toBe(true);
    expect(c.databaseUrl).toBe(`postgresql://postgres:postgres@127.0.0.1:54329/portal?host=${encodeURIComponent(resolve(".data", "postgres"))}`);
    expect(c.entraAuthorityHost).toBe("https://login.microsoftonline.com");
    expect(c.graphBaseUrl).toBe("https://graph.microsoft.com");
  });

  it("reaches the embedded database through the server's Unix socket in its data folder, or over TCP when that path is too long", () => {
    const c = parseConfig({ DATA_DIR: "/srv/portal", EMBEDDED_PG_PORT: "5500" });
    expect(c.databaseUrl).toBe("postgresql://postgres:postgres@127.0.0.1:5500/portal?host=%2Fsrv%2Fportal%2Fpostgres");
    expect(databaseTarget(c.databaseUrl)).toBe("/srv/portal/postgres:5500/portal"); // what /status shows
    // Linux takes socket paths up to 107 bytes: the folder, "/.s.PGSQL." and the port.
    const longest = `/${"d".repeat(107 - "/.s.PGSQL.5500".length - 1)}`;
    expect(embeddedSocketDir(longest, 5500)).toBe(longest);
    expect(embeddedSocketDir(`${longest}d`, 5500)).toBeNull();
    const tooLong = parseConfig({ DATA_DIR: `/${"d".repeat(100)}`, EMBEDDED_PG_PORT: "5500" });
    expect(tooLong.databaseUrl).toBe("postgresql://postgres:postgres@127.0.0.1:5500/portal");
    expect(databaseTarget(tooLong.databaseUrl)).toBe("127.0.0.1:5500/portal");
  });

  it("uses DATABASE_URL when given, and then embeds nothing", () => {
    const c = parseConfig({ DATABASE_URL: "postgresql://u:p@db.example:5432/portal" });
    expect(c.embeddedDatabase).toBe(false);
    expect(c.databaseUrl).toBe("postgresql://u:p@db.example:5432/portal");
  });

  it.each([
    ["PORT", "abc", /PORT: expected a port number from 1 to 65535, got "abc"/],
    ["PORT", "70000", /PORT: expected a port number/],
    ["EMBEDDED_PG_PORT", "-1", /EMBEDDED_PG_PORT: expected a port number/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL: expected a postgres/],
    ["GRAPH_BASE_URL", "http://graph.example.com", /GRAPH_BASE_URL: expected an https:\/\/ URL/],
    ["ENTRA_AUTHORITY_HOST", "not a url", /ENTRA_AUTHORITY_HOST: expected a URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
  ])("names the bad variable %s=%s", (name, value, expected) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it("reports every bad variable at once", () => {
    expect(problems({ PORT: "abc", EMBEDDED_PG_PORT: "x" })).toHaveLength(2);
  });

  it("accepts a loopback http cloud (a local emulator) but keeps only the origin", () => {
    const c = parseConfig({ ENTRA_AUTHORITY_HOST: "https://127.0.0.1:4443/", GRAPH_BASE_URL: "https://127.0.0.1:4443" });
    expect(c.entraAuthorityHost).toBe("https://127.0.0.1:4443");
    expect(c.graphBaseUrl).toBe("https://127.0.0.1:4443");
  });
});

describe("sign-in and secrets configuration", () => {
  const KEY = Buffer.alloc(32, 7).toString("base64");

  it("reads the app registration and derives the portal URL from HOST and PORT", () => {
    const c = parseConfig({
      PARTNER_TENANT_ID: "AAAAAAAA-1111-4111-8111-AAAAAAAAAAAA",
      ENTRA_CLIENT_ID: "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb",
      PORT: "3100",
      ENCRYPTION_KEY: KEY,
    });
    expect(c.partnerTenantId).toBe("aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa");
    expect(c.portalUrl).toBe("http://127.0.0.1:3100");
    expect(c.encryptionKey?.length).toBe(32);
    expect(c.sessionIdleMinutes).toBe(30);
    expect(c.sessionAbsoluteMinutes).toBe(720);
    expect(c.graphCaRequestsPerSecond).toBe(1);
    expect(c.trustedProxyHops).toBe(0); // the socket's address; no header trusted
    expect(parseConfig({ TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
  });

  it.each([
    ["PARTNER_TENANT_ID", "contoso.onmicrosoft.com", /PARTNER_TENANT_ID: expected a GUID/],
    ["ENCRYPTION_KEY", "c2hvcnQ=", /ENCRYPTION_KEY: expected 32 random bytes/],
    ["PORTAL_URL", "portal.example.com", /PORTAL_URL: expected an origin/],
    ["SESSION_IDLE_MINUTES", "0", /SESSION_IDLE_MINUTES/],
    ["TRUSTED_PROXY_HOPS", "-1", /TRUSTED_PROXY_HOPS/],
    ["TRUSTED_PROXY_HOPS", "one", /TRUSTED_PROXY_HOPS/],
  ])("names the bad variable %s=%s", (name, value, expected) => {
    expect(problems({ [name]: value })[0]).toMatch(expected);
  });

  it("refuses to run in production with a partner tenant but no encryption key", () => {
    expect(problems({ NODE_ENV: "production", PARTNER_TENANT_ID: "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa" })).toEqual([
      "ENCRYPTION_KEY: required in production once PARTNER_TENANT_ID is set",
    ]);
  });
});
