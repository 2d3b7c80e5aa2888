import { describe, expect, it } from "vitest";
import { AADSTS, describe as describeError, errorBody, errorStatus } from "./entra-errors";
import { escapeHtml, html } from "./html";
import { matchRoute, normalizeBase } from "./routes";
import { pageCsp, renderErrorPage, renderFormPost, renderSignInPage, BANNER_TEXT } from "./sign-in-page";

describe("Entra error bodies", () => {
  const ids = { traceId: "t-1", correlationId: "c-1" };
  const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

  it("put trace id, correlation id and timestamp in the description as Entra does", () => {
    expect(describeError(AADSTS.badPassword(), ids, at)).toBe(
      "AADSTS50126: Error validating credentials due to invalid username or password.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2026-01-02 03:04:05Z",
    );
  });

  it("carry suberror and the Conditional Access claims challenge", () => {
    const body = errorBody(AADSTS.blockedByConditionalAccess(["p-1", "p-2"], "x"), ids, at);
    expect(body).toMatchObject({
      error: "invalid_grant",
      error_codes: [53003],
      suberror: "message_only",
      timestamp: "2026-01-02 03:04:05Z",
      trace_id: "t-1",
      correlation_id: "c-1",
    });
    expect(JSON.parse(String(body.claims))).toEqual({ access_token: { capolids: { essential: true, values: ["p-1", "p-2"] } } });
    expect(errorBody(AADSTS.badPassword(), ids, at)).not.toHaveProperty("suberror");
  });

  it("use 401 for invalid_client only", () => {
    expect(errorStatus(AADSTS.badSecret("x"))).toBe(401);
    expect(errorStatus(AADSTS.codeExpired())).toBe(400);
  });
});

describe("html escaping", () => {
  it("escapes every interpolation", () => {
    expect(html`<p title="${'"><script>'}">${"<b>&'"}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&#39;</p>');
    expect(escapeHtml("a&b")).toBe("a&amp;b");
  });
});

describe("sign-in pages", () => {
  const base = {
    nonce: "n0nce",
    appName: "Portal <Demo>",
    tenantLabel: "Contoso (contoso.onmicrosoft.com)",
    hidden: [["q.state", 'x"><img src=x>'] as const],
    formToken: "emu-form.abc",
    accounts: [
      { id: "u1", displayName: "Ada Admin", userPrincipalName: "ada@contoso", password: "p<w>", mfaRegistered: true, accountEnabled: true, hinted: false },
      { id: "u2", displayName: "Otto Operator", userPrincipalName: "otto@contoso", password: "pw2", mfaRegistered: false, accountEnabled: false, hinted: true },
    ],
  };

  it("is labelled as the demo, escapes data, and is accessible", () => {
    const page = renderSignInPage(base);
    expect(page).toContain(`<strong>${BANNER_TEXT}</strong>`);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Portal &lt;Demo&gt;");
    expect(page).toContain('value="x&quot;&gt;&lt;img src=x&gt;"');
    expect(page).toContain("<code>p&lt;w&gt;</code>");
    expect(page).toContain('<label for="upn">');
    expect(page).toContain('<label for="password">');
    expect(page).toContain('<style nonce="n0nce">');
    expect(page).not.toMatch(/<script/);
    // The login_hint account comes first and gets the focus.
    expect(page.indexOf("Otto Operator")).toBeLessThan(page.indexOf("Ada Admin"));
    expect(page).toContain("Account disabled");
  });

  it("announces errors", () => {
    const page = renderSignInPage({ ...base, error: { code: 50126, message: "Error validating credentials" } });
    expect(page).toMatch(/<div class="alert" role="alert" id="signin-error"><p><span class="code">AADSTS50126:<\/span>/);
    expect(page).toContain('aria-describedby="signin-error"');
  });

  it("error pages show the request ids", () => {
    const page = renderErrorPage({ nonce: "n", title: "Blocked", error: AADSTS.userDisabled(), ids: { traceId: "t-9", correlationId: "c-9" }, nowMs: 0 });
    expect(page).toContain("AADSTS50057");
    expect(page).toContain("t-9");
    expect(page).toContain("c-9");
  });

  it("form_post hands off with a nonce'd script and a no-script button", () => {
    const page = renderFormPost("n1", "http://localhost:3000/cb", [["code", "c&1"]]);
    expect(page).toContain('action="http://localhost:3000/cb"');
    expect(page).toContain('value="c&amp;1"');
    expect(page).toContain('<script nonce="n1">');
    expect(page).toContain('<button type="submit" class="primary">Continue</button>');
  });

  it("CSP allows only nonce'd styles and forms to self and the app", () => {
    expect(pageCsp("n", ["http://localhost:3000"])).toBe(
      "default-src 'none'; style-src 'nonce-n'; script-src 'none'; form-action 'self' http://localhost:3000; frame-ancestors 'none'; base-uri 'none'",
    );
  });
});

describe("routes", () => {
  it.each([
    ["/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", "contoso.onmicrosoft.com", "openid-configuration"],
    ["/ABC/oauth2/v2.0/token", "abc", "token"],
    ["/common/oauth2/v2.0/authorize", "common", "authorize"],
    ["/t/discovery/v2.0/keys", "t", "keys"],
    ["/t/oauth2/v2.0/logout", "t", "logout"],
    ["/common/discovery/instance", "common", "instance-discovery"],
  ])("%s -> %s %s", (path, tenant, endpoint) => {
    expect(matchRoute(path)).toEqual({ tenantSegment: tenant, endpoint });
  });

  it.each(["/v1.0/users", "/oauth2/v2.0/token", "/a/b/oauth2/v2.0/token", "/t/oauth2/v2.0/tokens", "/_emulator/fleet"])("leaves %s alone", (path) => {
    expect(matchRoute(path)).toBeUndefined();
  });

  it("takes base URLs as origins only", () => {
    expect(normalizeBase("https://127.0.0.1:4443/", "x")).toBe("https://127.0.0.1:4443");
    expect(() => normalizeBase("https://127.0.0.1:4443/login", "x")).toThrow(/origin/);
  });
});
