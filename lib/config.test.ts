import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

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
    expect(c.databaseUrl).toBe("postgresql://postgres:postgres@127.0.0.1:54329/portal");
    expect(c.entraAuthorityHost).toBe("https://login.microsoftonline.com");
    expect(c.graphBaseUrl).toBe("https://graph.microsoft.com");
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
