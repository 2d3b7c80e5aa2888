// Client credentials through msal: app-only Graph tokens only where the app is consented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError } from "@azure/msal-node";
import { GRAPH_AUDIENCE, type GraphAccessClaims } from "@/emulator/contract";
import { verifyJwt } from "@/emulator/tokens";
import { IDS, PORTAL_SECRET } from "./test-directory";
import { decodeJwt, startLoginHarness, type LoginHarness } from "./test-harness";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const GRAPH_DEFAULT = [`${GRAPH_AUDIENCE}/.default`];
const APP_ONLY_KEYS = ["aud", "iss", "iat", "nbf", "exp", "tid", "appid", "app_displayname", "idtyp", "ver", "oid", "sub", "roles"];

describe("client credentials", () => {
  it("issues an app-only token with the roles granted in the partner tenant", async () => {
    const result = await h.msalApp().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    if (!result) throw new Error("no result");
    expect(verifyJwt(h.signingKey, result.accessToken).ok).toBe(true);
    const claims = decodeJwt(result.accessToken) as unknown as GraphAccessClaims;
    expect(claims).toMatchObject({
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${IDS.partner}/`,
      tid: IDS.partner,
      appid: IDS.portalApp,
      idtyp: "app",
      ver: "1.0",
      roles: ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"],
    });
    expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.sub).toBe(claims.oid);
    expect(Object.keys(claims).every((k) => APP_ONLY_KEYS.includes(k))).toBe(true);
    expect(claims.scp).toBeUndefined();
  });

  it("uses the roles granted in a consented customer tenant, and none where none were granted", async () => {
    const app = h.msalApp();
    const fabrikam = await app.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, authority: `${h.publicBase}/${IDS.fabrikam}` });
    expect(decodeJwt(fabrikam?.accessToken ?? "")).toMatchObject({ tid: IDS.fabrikam, roles: ["Policy.Read.All"] });
    const northwind = await app.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, authority: `${h.publicBase}/${IDS.northwind}` });
    expect(decodeJwt(northwind?.accessToken ?? "").roles).toBeUndefined();
  });

  it("accepts the tenant's verified domain as authority", async () => {
    const result = await h.msalApp().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, authority: `${h.publicBase}/fabrikam.onmicrosoft.com` });
    expect(decodeJwt(result?.accessToken ?? "").tid).toBe(IDS.fabrikam);
  });

  it("refuses a tenant where the app has no service principal (AADSTS700016)", async () => {
    const err = await h
      .msalApp()
      .acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, authority: `${h.publicBase}/${IDS.tailspin}` })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).errorCode).toBe("unauthorized_client");
    expect((err as AuthError).errorMessage).toContain("AADSTS700016");
  });

  it("refuses a wrong secret with 401 invalid_client (AADSTS7000215)", async () => {
    const err = await h
      .msalApp({ clientSecret: "wrong" })
      .acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT })
      .catch((e: unknown) => e);
    expect((err as AuthError).errorCode).toBe("invalid_client");
    expect((err as AuthError).errorMessage).toContain("AADSTS7000215");
    const raw = await h.tokenRequest(IDS.partner, {
      grant_type: "client_credentials",
      client_id: IDS.portalApp,
      client_secret: "wrong",
      scope: GRAPH_DEFAULT[0] ?? "",
    });
    expect(raw.status).toBe(401);
  });

  it("accepts client_secret_basic", async () => {
    const basic = Buffer.from(`${encodeURIComponent(IDS.portalApp)}:${encodeURIComponent(PORTAL_SECRET)}`).toString("base64");
    const raw = await h.tokenRequest(IDS.partner, { grant_type: "client_credentials", scope: GRAPH_DEFAULT[0] ?? "" }, { authorization: `Basic ${basic}` });
    expect(raw.status).toBe(200);
    const body = JSON.parse(raw.text) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "ext_expires_in", "token_type"]);
    expect(raw.headers["cache-control"]).toBe("no-store");
  });

  it("refuses common and organizations, and scopes without /.default", async () => {
    const base = { grant_type: "client_credentials", client_id: IDS.portalApp, client_secret: PORTAL_SECRET, scope: GRAPH_DEFAULT[0] ?? "" };
    expect(JSON.parse((await h.tokenRequest("common", base)).text).error_codes).toEqual([9001023]);
    expect(JSON.parse((await h.tokenRequest("organizations", base)).text).error_codes).toEqual([50059]);
    const named = JSON.parse((await h.tokenRequest(IDS.partner, { ...base, scope: "Policy.Read.All" })).text);
    expect(named.error).toBe("invalid_scope");
    expect(named.error_codes).toEqual([1002012]);
  });
});
