// Authorization code + PKCE through the real msal-node and the real sign-in page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError, CryptoProvider } from "@azure/msal-node";
import { GRAPH_AUDIENCE, ROLE } from "@/emulator/contract";
import { verifyJwt } from "@/emulator/tokens";
import { readForms } from "./test-browser";
import { IDS, PORTAL_SCOPES, REDIRECT_URI } from "./test-directory";
import { decodeJwt, pickAccount, redirectParams, startLoginHarness, startSignIn, typeCredentials, type LoginHarness } from "./test-harness";
import type { RecordedCall } from "./test-https-client";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const ADA = "ada.admin@contosomsp.onmicrosoft.com";

describe("authorization code + PKCE", () => {
  it("signs a partner user in end to end and issues the tokens msal and Graph need", async () => {
    const calls: RecordedCall[] = [];
    const app = h.msalApp({ calls });
    const s = await startSignIn(app);

    // msal sends the browser to the plain-HTTP listener; the page is the demo sign-in page.
    expect(s.url.startsWith(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/authorize?`)).toBe(true);
    expect(s.page.status).toBe(200);
    expect(s.page.text).toContain("Local Microsoft cloud — demo sign-in");
    expect(s.page.text).toContain("Ada-demo-1!"); // demo passwords are shown
    expect(s.page.text).not.toContain("fiona@fabrikam"); // only this tenant's users are listed
    expect(s.page.headers.get("content-security-policy")).toContain("form-action 'self' http://localhost:3000");

    const back = await pickAccount(s, ADA);
    const params = redirectParams(back);
    expect(params.get("state")).toBe(s.state);
    expect(params.get("session_state")).toMatch(/^[0-9a-f-]{36}$/);
    const clientInfo = JSON.parse(Buffer.from(params.get("client_info") ?? "", "base64url").toString("utf8"));
    expect(clientInfo).toEqual({ uid: IDS.users.admin, utid: IDS.partner });

    const result = await app.acquireTokenByCode(
      { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce, state: s.state },
      { code: params.get("code") ?? "", state: params.get("state") ?? undefined },
    );
    expect(result.account?.homeAccountId).toBe(`${IDS.users.admin}.${IDS.partner}`);
    expect(result.account?.username).toBe(ADA);
    expect(result.tenantId).toBe(IDS.partner);

    const id = result.idTokenClaims as Record<string, unknown>;
    expect(id).toMatchObject({
      aud: IDS.portalApp,
      iss: `${h.publicBase}/${IDS.partner}/v2.0`,
      tid: IDS.partner,
      oid: IDS.users.admin,
      preferred_username: ADA,
      name: "Ada Admin",
      nonce: s.nonce,
      roles: ["Portal.Admin"],
      ver: "2.0",
    });
    for (const claim of ["iat", "nbf", "exp", "auth_time"]) expect(typeof id[claim]).toBe("number");
    expect(id.idp).toBeUndefined();

    const at = verifyJwt(h.signingKey, result.accessToken);
    expect(at.ok).toBe(true);
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${IDS.partner}/`,
      tid: IDS.partner,
      appid: IDS.portalApp,
      idtyp: "user",
      ver: "1.0",
      oid: IDS.users.admin,
      scp: "Policy.Read.All Policy.ReadWrite.ConditionalAccess",
      upn: ADA,
      wids: [ROLE.globalReader],
      home_tid: IDS.partner,
      amr: ["pwd", "mfa"],
    });
    expect(claims.idp).toBeUndefined();
    expect(result.scopes).toEqual(expect.arrayContaining(PORTAL_SCOPES));

    // The token endpoint was reached over HTTPS only; the second silent call is served from msal's cache.
    const tokenCalls = () => calls.filter((c) => c.url.includes("/oauth2/v2.0/token"));
    expect(tokenCalls()).toHaveLength(1);
    expect(tokenCalls()[0]?.url.startsWith(`${h.publicBase}/`)).toBe(true);
    const again = await app.acquireTokenSilent({ account: result.account!, scopes: PORTAL_SCOPES });
    expect(again.fromCache).toBe(true);
    expect(tokenCalls()).toHaveLength(1);
  });

  it("omits nonce from the id_token when the authorize request had none", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app, { nonce: false });
    const params = redirectParams(await pickAccount(s, ADA));
    const result = await app.acquireTokenByCode(
      { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, state: s.state },
      { code: params.get("code") ?? "", state: params.get("state") ?? undefined },
    );
    expect((result.idTokenClaims as Record<string, unknown>).nonce).toBeUndefined();
  });

  it("lets msal detect a forged state on the way back", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    const params = redirectParams(await pickAccount(s, ADA));
    await expect(
      app.acquireTokenByCode(
        { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce, state: s.state },
        { code: params.get("code") ?? "", state: "forged-state" },
      ),
    ).rejects.toMatchObject({ errorCode: "state_mismatch" });
  });

  it("refuses a wrong PKCE verifier, then a second redemption of the same code", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    const code = redirectParams(await pickAccount(s, ADA)).get("code") ?? "";
    const other = await new CryptoProvider().generatePkceCodes();
    const wrong = await app
      .acquireTokenByCode({ code, scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: other.verifier })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthError);
    expect((wrong as AuthError).errorCode).toBe("invalid_grant");
    expect((wrong as AuthError).errorMessage).toContain("AADSTS501481");

    // The failed PKCE check did not consume the code; the right verifier works once, then never again.
    await app.acquireTokenByCode({ code, scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce });
    const replay = await app
      .acquireTokenByCode({ code, scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce })
      .catch((e: unknown) => e);
    expect((replay as AuthError).errorMessage).toContain("AADSTS54005");
  });

  it("accepts the plain PKCE method and form_post response mode", async () => {
    const app = h.msalApp();
    const verifier = new CryptoProvider().createNewGuid() + new CryptoProvider().createNewGuid(); // 72 chars
    const s = await startSignIn(app, { extra: { codeChallenge: verifier, codeChallengeMethod: "plain", responseMode: "form_post" } });
    const done = await pickAccount(s, ADA);
    expect(done.status).toBe(200);
    const [handOff] = readForms(done.text);
    expect(handOff?.action).toBe(REDIRECT_URI);
    const fields = new Map(handOff?.fields);
    expect(fields.get("state")).toBe(s.state);
    const result = await app.acquireTokenByCode(
      { code: fields.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: verifier, nonce: s.nonce, state: s.state },
      { code: fields.get("code") ?? "", state: fields.get("state") },
    );
    expect(result.account?.username).toBe(ADA);
  });

  it("expires codes after 10 minutes", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    const code = redirectParams(await pickAccount(s, ADA)).get("code") ?? "";
    h.advanceClock(10 * 60 * 1000 + 1000);
    try {
      const err = await app
        .acquireTokenByCode({ code, scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce })
        .catch((e: unknown) => e);
      expect((err as AuthError).errorMessage).toContain("AADSTS70008");
    } finally {
      h.advanceClock(-(10 * 60 * 1000 + 1000));
    }
  });

  it("signs in at the organizations authority as the user's home tenant", async () => {
    const app = h.msalApp({ tenantId: "organizations" });
    const s = await startSignIn(app);
    expect(s.page.text).toContain("any organization in the local cloud");
    const params = redirectParams(await typeCredentials(s, ADA, "Ada-demo-1!"));
    const result = await app.acquireTokenByCode(
      { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce, state: s.state },
      { code: params.get("code") ?? "", state: params.get("state") ?? undefined },
    );
    expect(result.tenantId).toBe(IDS.partner);
    expect((result.idTokenClaims as Record<string, unknown>).iss).toBe(`${h.publicBase}/${IDS.partner}/v2.0`);
  });
});

describe("the sign-in page", () => {
  it("signs in with typed credentials and refuses a wrong password with AADSTS50126", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    const wrong = await typeCredentials(s, ADA, "not-the-password");
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain("AADSTS50126");
    expect(wrong.text).toContain('role="alert"');
    // The page comes back with a fresh single-use form; the right password now works.
    const params = redirectParams(await typeCredentials(s, ADA, "Ada-demo-1!", wrong));
    expect(params.get("code")).toMatch(/^emu-code\.[\w-]{32,}$/); // a real, unguessable authorization code
  });

  it("refuses a user of a customer tenant at the partner authority (AADSTS50020)", async () => {
    const s = await startSignIn(h.msalApp());
    const res = await typeCredentials(s, "fiona@fabrikam.onmicrosoft.com", "Fiona-demo-5!");
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.text).toContain("AADSTS50020");
    expect(res.text).toContain("does not exist in tenant &#39;Contoso MSP&#39;");
  });

  it("refuses a disabled account (AADSTS50057)", async () => {
    const s = await startSignIn(h.msalApp());
    const res = await pickAccount(s, "dana.disabled@contosomsp.onmicrosoft.com");
    expect(res.status).toBe(200);
    expect(res.text).toContain("AADSTS50057");
  });

  it("preselects the login_hint account and marks MFA users", async () => {
    const s = await startSignIn(h.msalApp(), { extra: { loginHint: "otto.operator@contosomsp.onmicrosoft.com" } });
    const tiles = readForms(s.page.text).find((f) => f.buttons.some((b) => b.name === "account"))?.buttons ?? [];
    expect(tiles[0]?.text).toContain("Otto Operator");
    expect(s.page.text).toMatch(/class="account hinted"[^>]*autofocus/);
    expect(tiles.find((b) => b.text.includes("Ada Admin"))?.text).toContain("MFA completed at sign-in");
    expect(tiles.find((b) => b.text.includes("Otto Operator"))?.text).toContain("Password only");
  });

  it("makes each form single use and tied to the browser's cookie", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app);
    const form = readForms(s.page.text).find((f) => f.buttons.some((b) => b.name === "account"));
    if (!form) throw new Error("no account form");
    const admin: [string, string] = ["account", IDS.users.admin];

    // Posted from another browser (no CSRF cookie): refused, and the token is spent.
    const { TestBrowser } = await import("./test-browser");
    const stranger = await new TestBrowser().submit(s.page.url, form, [admin]);
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain("This sign-in page has expired");
    const replay = await s.browser.submit(s.page.url, form, [admin]);
    expect(replay.status).toBe(400);

    // Parameters tampered with after rendering: refused.
    const fresh = await s.browser.get(s.url);
    const freshForm = readForms(fresh.text).find((f) => f.buttons.some((b) => b.name === "account"));
    if (!freshForm) throw new Error("no account form");
    const tampered = { ...freshForm, fields: freshForm.fields.map(([k, v]): [string, string] => [k, k === "q.state" ? "other" : v]) };
    expect((await s.browser.submit(fresh.url, tampered, [admin])).status).toBe(400);
  });

  it("cancel returns access_denied to the app", async () => {
    const s = await startSignIn(h.msalApp());
    const form = readForms(s.page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "cancel"));
    if (!form) throw new Error("no cancel form");
    const params = redirectParams(await s.browser.submit(s.page.url, form, []));
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toMatch(/^AADSTS65004: /);
    expect(params.get("state")).toBe(s.state);
  });

  it("shows an error page, never a redirect, for an unregistered redirect URI", async () => {
    const app = h.msalApp();
    const url = await app.getAuthCodeUrl({ scopes: PORTAL_SCOPES, redirectUri: "http://localhost:3000/evil" });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("AADSTS50011");
  });

  it("sends protocol errors to the registered redirect URI", async () => {
    const bad = new URL(`${h.browserBase}/${IDS.partner}/oauth2/v2.0/authorize`);
    bad.search = new URLSearchParams({ client_id: IDS.portalApp, redirect_uri: REDIRECT_URI, response_type: "token", scope: "openid", state: "s1" }).toString();
    const res = await fetch(bad, { redirect: "manual" });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get("location") ?? "");
    expect(back.searchParams.get("error")).toBe("unsupported_response_type");
    expect(back.searchParams.get("error_description")).toMatch(/^AADSTS700054: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: /s);
    expect(back.searchParams.get("state")).toBe("s1");
  });

  it("signs in silently from the browser session, and prompt=none without one says login_required", async () => {
    const app = h.msalApp();
    const first = await startSignIn(app);
    redirectParams(await pickAccount(first, ADA));
    // Same browser, no prompt: the session answers without a page.
    const again = await startSignIn(app, { browser: first.browser });
    expect(again.page.status).toBe(302);
    expect(new URL(again.page.location ?? "").searchParams.get("code")).toMatch(/^emu-code\.[\w-]{32,}$/); // a real, unguessable authorization code
    // prompt=select_account still shows the picker.
    const picker = await startSignIn(app, { browser: first.browser, extra: { prompt: "select_account" } });
    expect(picker.page.status).toBe(200);
    // A new browser with prompt=none: login_required back at the app.
    const none = await startSignIn(app, { extra: { prompt: "none" } });
    expect(new URL(none.page.location ?? "").searchParams.get("error")).toBe("login_required");
  });
});
