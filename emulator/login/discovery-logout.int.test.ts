// OpenID configuration, JWKS, instance discovery and logout.
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "@/emulator/tokens";
import { IDS, REDIRECT_URI } from "./test-directory";
import { pickAccount, redirectParams, startLoginHarness, startSignIn, type LoginHarness } from "./test-harness";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const json = async (path: string) => {
  const res = await h.getJson(path);
  return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
};

describe("discovery", () => {
  it("advertises the issuer and token endpoint on HTTPS and the browser pages on plain HTTP", async () => {
    const { status, body } = await json(`/${IDS.partner}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: `${h.publicBase}/${IDS.partner}/v2.0`,
      token_endpoint: `${h.publicBase}/${IDS.partner}/oauth2/v2.0/token`,
      jwks_uri: `${h.publicBase}/${IDS.partner}/discovery/v2.0/keys`,
      authorization_endpoint: `${h.browserBase}/${IDS.partner}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${h.browserBase}/${IDS.partner}/oauth2/v2.0/logout`,
    });
  });

  it("answers a domain authority with the tenant id, and common with the {tenantid} placeholder", async () => {
    const byDomain = await json("/woodgrove.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    expect(byDomain.body.issuer).toBe(`${h.publicBase}/${IDS.woodgrove}/v2.0`);
    expect(byDomain.body.token_endpoint).toBe(`${h.publicBase}/${IDS.woodgrove}/oauth2/v2.0/token`);
    const common = await json("/organizations/v2.0/.well-known/openid-configuration");
    expect(common.body.issuer).toBe(`${h.publicBase}/{tenantid}/v2.0`);
    expect(common.body.authorization_endpoint).toBe(`${h.browserBase}/organizations/oauth2/v2.0/authorize`);
  });

  it("refuses an unknown tenant with AADSTS90002", async () => {
    const { status, body } = await json("/nobody.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_tenant");
    expect(body.error_codes).toEqual([90002]);
  });

  it("publishes the signing key as JWKS", async () => {
    const { body } = await json(`/${IDS.partner}/discovery/v2.0/keys`);
    const [key] = body.keys as Array<Record<string, string>>;
    expect(key).toMatchObject({ kty: "RSA", use: "sig", kid: h.signingKey.kid, e: "AQAB", issuer: `${h.publicBase}/${IDS.partner}/v2.0` });
    const token = signJwt(h.signingKey, { hello: "world" });
    const [head, payload, sig] = token.split(".");
    const pub = createPublicKey({ key: key as unknown as import("node:crypto").JsonWebKey, format: "jwk" });
    expect(verify("RSA-SHA256", Buffer.from(`${head}.${payload}`), pub, Buffer.from(sig ?? "", "base64url"))).toBe(true);
  });

  it("answers instance discovery for its own host only", async () => {
    const own = await json(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${h.publicBase}/${IDS.partner}/oauth2/v2.0/authorize`)}`,
    );
    expect(own.body).toMatchObject({
      tenant_discovery_endpoint: `${h.publicBase}/${IDS.partner}/v2.0/.well-known/openid-configuration`,
      metadata: [{ aliases: [h.host] }],
    });
    const other = await json(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent("https://login.example.com/x/oauth2/v2.0/authorize")}`,
    );
    expect(other.status).toBe(400);
  });
});

describe("logout", () => {
  it("ends the browser session and returns to a registered origin", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    redirectParams(await pickAccount(s, "ada.admin@contosomsp.onmicrosoft.com"));
    const silently = await startSignIn(app, { browser: s.browser });
    expect(silently.page.status).toBe(302); // the session signs in without a page

    const out = new URL(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/logout`);
    out.search = new URLSearchParams({ post_logout_redirect_uri: "http://localhost:3000/signed-out", client_id: IDS.portalApp, state: "bye" }).toString();
    const res = await s.browser.get(out.toString());
    expect(res.status).toBe(302);
    expect(res.location).toBe("http://localhost:3000/signed-out?state=bye");

    const afterwards = await startSignIn(app, { browser: s.browser });
    expect(afterwards.page.status).toBe(200);
    expect(afterwards.page.text).toContain("Pick an account");
  });

  it("shows a signed-out page for an unregistered destination", async () => {
    const out = new URL(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/logout`);
    out.search = new URLSearchParams({ post_logout_redirect_uri: "https://evil.example/after", client_id: IDS.portalApp }).toString();
    const res = await fetch(out, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You signed out of your account");
  });

  it("finds the app from id_token_hint", async () => {
    const hint = signJwt(h.signingKey, { aud: IDS.portalApp });
    const out = new URL(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/logout`);
    out.search = new URLSearchParams({ post_logout_redirect_uri: new URL("/", REDIRECT_URI).toString(), id_token_hint: hint }).toString();
    const res = await fetch(out, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost:3000/");
  });
});
