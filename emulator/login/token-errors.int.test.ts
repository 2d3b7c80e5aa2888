// The shape of STS errors, code and refresh-token misuse at the token endpoint, and which
// listener serves what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDS, PORTAL_SCOPES, PORTAL_SECRET, REDIRECT_URI } from "./test-directory";
import { pickAccount, redirectParams, signInAs, startLoginHarness, startSignIn, type LoginHarness } from "./test-harness";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const client = { client_id: IDS.portalApp, client_secret: PORTAL_SECRET };
const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;

async function freshCode(): Promise<{ code: string; verifier: string }> {
  const s = await startSignIn(h.msalApp());
  const code = redirectParams(await pickAccount(s, "ada.admin@contosomsp.onmicrosoft.com")).get("code") ?? "";
  return { code, verifier: s.verifier };
}

describe("error responses", () => {
  it("carry Entra's fields, with the caller's client-request-id as correlation id", async () => {
    const correlation = "0f0e0d0c-0b0a-4009-8008-070605040302";
    const res = await h.tokenRequest(
      IDS.partner,
      { ...client, grant_type: "refresh_token", refresh_token: "emu-rt.garbage", scope: "openid" },
      { "client-request-id": correlation },
    );
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/json");
    const body = parse(res.text);
    expect(body.error).toBe("invalid_grant");
    expect(body.error_codes).toEqual([9002313]);
    expect(body.correlation_id).toBe(correlation);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.error_description).toBe(
      `${String(body.error_description).split("\r\n")[0]}\r\nTrace ID: ${String(body.trace_id)}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${String(body.timestamp)}`,
    );
    expect(String(body.error_description)).toMatch(/^AADSTS9002313: /);
    expect(body.suberror).toBe("bad_token");
  });

  it.each([
    ["an unknown tenant", "nowhere.example", { ...client, grant_type: "client_credentials" }, 400, "invalid_tenant", 90002],
    ["no grant_type", IDS.partner, { ...client }, 400, "invalid_request", 900144],
    ["an unsupported grant", IDS.partner, { ...client, grant_type: "password" }, 400, "unsupported_grant_type", 70003],
    [
      "an unknown client",
      IDS.partner,
      { client_id: "00000000-0000-4000-8000-000000000bad", client_secret: "x", grant_type: "client_credentials" },
      400,
      "unauthorized_client",
      700016,
    ],
    ["no secret", IDS.partner, { client_id: IDS.portalApp, grant_type: "client_credentials" }, 401, "invalid_client", 7000218],
    [
      "a client assertion",
      IDS.partner,
      { client_id: IDS.portalApp, client_assertion: "x.y.z", grant_type: "client_credentials" },
      401,
      "invalid_client",
      700027,
    ],
    [
      "a scope of two resources",
      IDS.partner,
      { ...client, grant_type: "refresh_token", refresh_token: "x", scope: "api://other/read Policy.Read.All" },
      400,
      "invalid_scope",
      700022,
    ],
  ])("refuses %s", async (_what, tenant, fields, status, error, code) => {
    const res = await h.tokenRequest(tenant, fields as Record<string, string>);
    expect(res.status).toBe(status);
    const body = parse(res.text);
    expect(body.error).toBe(error);
    expect(body.error_codes).toEqual([code]);
  });

  it("refuses GET on the token endpoint", async () => {
    const res = await h.getJson(`/${IDS.partner}/oauth2/v2.0/token`);
    expect(parse(res.text).error_codes).toEqual([900561]);
  });
});

describe("authorization codes", () => {
  it("must be redeemed at the tenant they were issued for (AADSTS700005)", async () => {
    const { code, verifier } = await freshCode();
    const res = await h.tokenRequest(IDS.fabrikam, {
      ...client,
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      scope: PORTAL_SCOPES.join(" "),
    });
    expect(parse(res.text).error_codes).toEqual([700005]);
  });

  it("must be redeemed with the same redirect URI (AADSTS500112)", async () => {
    const { code, verifier } = await freshCode();
    const res = await h.tokenRequest(IDS.partner, {
      ...client,
      grant_type: "authorization_code",
      code,
      redirect_uri: "https://portal.example.test/auth/callback",
      code_verifier: verifier,
      scope: "openid",
    });
    expect(parse(res.text).error_codes).toEqual([500112]);
  });

  it("must be redeemed by the client they were issued to", async () => {
    const { code, verifier } = await freshCode();
    const res = await h.tokenRequest(IDS.partner, {
      client_id: IDS.otherApp,
      client_secret: "other-secret",
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      scope: "openid",
    });
    expect(parse(res.text).error_codes).toEqual([70000]);
  });

  it("returns a refresh token only when offline_access was asked for", async () => {
    const { code, verifier } = await freshCode();
    const res = await h.tokenRequest(IDS.partner, {
      ...client,
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      scope: `openid profile ${PORTAL_SCOPES.join(" ")}`,
    });
    const body = parse(res.text);
    expect(res.status).toBe(200);
    expect(body.refresh_token).toBeUndefined();
    expect(body.client_info).toBeUndefined(); // not asked for with client_info=1
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      scope: "Policy.Read.All Policy.ReadWrite.ConditionalAccess openid profile",
    });
    expect(typeof body.id_token).toBe("string");
  });
});

describe("refresh tokens", () => {
  it("are bound to the client they were issued to", async () => {
    const app = h.msalApp();
    await signInAs(app, "ada.admin@contosomsp.onmicrosoft.com");
    const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const rt = Object.values(cache.RefreshToken)[0]?.secret ?? "";
    expect(rt).toMatch(/^emu-rt\./);
    const res = await h.tokenRequest(IDS.partner, {
      client_id: IDS.otherApp,
      client_secret: "other-secret",
      grant_type: "refresh_token",
      refresh_token: rt,
      scope: "openid",
    });
    expect(parse(res.text).error_codes).toEqual([70000]);
    const own = await h.tokenRequest(IDS.partner, {
      ...client,
      grant_type: "refresh_token",
      refresh_token: rt,
      scope: "openid offline_access Policy.Read.All",
      client_info: "1",
    });
    expect(own.status).toBe(200);
    expect(parse(own.text).refresh_token).toMatch(/^emu-rt\./);
  });
});

describe("listeners", () => {
  it("serve only authorize and logout on plain HTTP", async () => {
    const token = await fetch(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({ ...client, grant_type: "client_credentials" }),
    });
    expect(token.status).toBe(404);
    const config = await fetch(`${h.browserBase}/${IDS.partner}/v2.0/.well-known/openid-configuration`);
    expect(config.status).toBe(404);
    expect(h.log.filter((l) => l.listener === "http" && l.path.endsWith("/token"))).toHaveLength(1);
  });

  it("also serve the sign-in page over HTTPS", async () => {
    const url = new URL(`${h.publicBase}/${IDS.partner}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({ client_id: IDS.portalApp, redirect_uri: REDIRECT_URI, response_type: "code", scope: "openid" }).toString();
    const { httpsRequest } = await import("./test-https-client");
    const res = await httpsRequest(url.toString(), h.ca);
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toContain("__Secure-msemu-csrf=");
    expect(res.headers["set-cookie"]).toContain("Secure");
  });
});
