// The GDAP path: the partner's refresh token redeemed at a customer tenant's authority through
// msal's acquireTokenSilent({ authority }), with GDAP status, consent and Conditional Access.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthError, InteractionRequiredAuthError, type AccountInfo, type ConfidentialClientApplication } from "@azure/msal-node";
import { ROLE, type GraphAccessClaims } from "@/emulator/contract";
import { allUsersPolicy, FakeLoginDirectory, IDS, PORTAL_SCOPES, REDIRECT_URI } from "./test-directory";
import { decodeJwt, redirectParams, signInAs, startLoginHarness, startSignIn, typeCredentials, type LoginHarness } from "./test-harness";
import type { RecordedCall } from "./test-https-client";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  // Each test starts from the seeded directory (some tests edit policies or relationships).
  Object.assign(h.directory, new FakeLoginDirectory());
});

const ADA = "ada.admin@contosomsp.onmicrosoft.com";
const OTTO = "otto.operator@contosomsp.onmicrosoft.com";

/** Keys of GraphAccessClaims (contract.ts): the access token must carry nothing else. */
const GRAPH_CLAIM_KEYS = [
  "aud",
  "iss",
  "iat",
  "nbf",
  "exp",
  "tid",
  "appid",
  "app_displayname",
  "idtyp",
  "ver",
  "oid",
  "sub",
  "scp",
  "upn",
  "name",
  "wids",
  "idp",
  "home_tid",
  "amr",
  "roles",
];

async function signedIn(upn: string, calls?: RecordedCall[]): Promise<{ app: ConfidentialClientApplication; account: AccountInfo }> {
  const app = h.msalApp({ calls });
  const result = await signInAs(app, upn);
  if (!result.account) throw new Error("no account");
  return { app, account: result.account };
}

const authorityOf = (tenantId: string) => `${h.publicBase}/${tenantId}`;

/**
 * msal-node 7 looks up cached tokens by `account.tenantId` before the request's authority, so a
 * customer-tenant request passes the account as seen from that tenant (same home account).
 */
const inTenant = (account: AccountInfo, tenantId: string): AccountInfo => ({ ...account, tenantId });

async function silentError(app: ConfidentialClientApplication, account: AccountInfo, tenantId: string): Promise<AuthError> {
  const err = await app
    .acquireTokenSilent({ account: inTenant(account, tenantId), scopes: PORTAL_SCOPES, authority: authorityOf(tenantId) })
    .catch((e: unknown) => e);
  if (!(err instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(err)}`);
  return err;
}

describe("refresh token redeemed at a customer authority (GDAP)", () => {
  it("issues a customer-tenant token with the GDAP roles, keeping the home account", async () => {
    const calls: RecordedCall[] = [];
    const { app, account } = await signedIn(ADA, calls);
    const result = await app.acquireTokenSilent({ account: inTenant(account, IDS.fabrikam), scopes: PORTAL_SCOPES, authority: authorityOf(IDS.fabrikam) });

    const post = calls.filter((c) => c.method === "POST").at(-1);
    expect(post?.url.startsWith(`${authorityOf(IDS.fabrikam)}/oauth2/v2.0/token`)).toBe(true);
    expect(new URLSearchParams(post?.body).get("grant_type")).toBe("refresh_token");

    expect(result.tenantId).toBe(IDS.fabrikam);
    expect(result.account?.homeAccountId).toBe(`${IDS.users.admin}.${IDS.partner}`);
    const claims = decodeJwt(result.accessToken) as unknown as GraphAccessClaims;
    expect(claims).toMatchObject({
      tid: IDS.fabrikam,
      oid: IDS.users.admin,
      wids: [ROLE.conditionalAccessAdministrator],
      idp: `https://sts.windows.net/${IDS.partner}/`,
      home_tid: IDS.partner,
      iss: `https://sts.windows.net/${IDS.fabrikam}/`,
      scp: "Policy.Read.All Policy.ReadWrite.ConditionalAccess",
      amr: ["pwd", "mfa"],
      idtyp: "user",
    });
    expect(Object.keys(claims).every((k) => GRAPH_CLAIM_KEYS.includes(k))).toBe(true);
    const id = result.idTokenClaims as Record<string, unknown>;
    expect(id).toMatchObject({
      tid: IDS.fabrikam,
      oid: IDS.users.admin,
      iss: `${h.publicBase}/${IDS.fabrikam}/v2.0`,
      idp: `https://sts.windows.net/${IDS.partner}/`,
    });
    // The MFA policy applied and was satisfied; the report-only and disabled block policies did not count.
  });

  // Entra's ordinary AADSTS50020 in every case: nothing in the text names GDAP or the relationship's status
  // (the portal learns why from the partner's relationships). error_codes carries the number.
  const refusedLikeEntra = (err: AuthError) => {
    expect(err.errorCode).toBe("invalid_grant");
    expect(Number((err as AuthError & { errorNo?: unknown }).errorNo)).toBe(50020);
    expect(err.errorMessage).toMatch(
      /Description: AADSTS50020: User account '[^']+' from identity provider 'https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/' does not exist in tenant '[^']+' and cannot access the application/,
    );
    expect(err.errorMessage).not.toMatch(/GDAP|relationship|expired|terminated|assignment/);
  };

  it("refuses an expired relationship with Entra's ordinary 50020", async () => {
    const { app, account } = await signedIn(ADA);
    refusedLikeEntra(await silentError(app, account, IDS.northwind));
  });

  it("refuses a terminated relationship and a missing one", async () => {
    const { app, account } = await signedIn(ADA);
    h.directory.relationships.set(IDS.fabrikam, { status: "terminated", assignments: [] });
    refusedLikeEntra(await silentError(app, account, IDS.fabrikam));
    h.directory.relationships.delete(IDS.fabrikam);
    refusedLikeEntra(await silentError(app, account, IDS.fabrikam));
  });

  it("refuses a partner user whose groups have no access assignment", async () => {
    const { app, account } = await signedIn("rita.reader@contosomsp.onmicrosoft.com");
    refusedLikeEntra(await silentError(app, account, IDS.fabrikam));
  });

  it("asks for consent (AADSTS65001, InteractionRequiredAuthError) where the app has none", async () => {
    const { app, account } = await signedIn(ADA);
    const err = await silentError(app, account, IDS.tailspin);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.subError).toBe("consent_required");
    expect(err.errorMessage).toContain("AADSTS65001");
  });

  it("asks for consent when a requested permission is not consented in the customer", async () => {
    const { app, account } = await signedIn(ADA);
    const err = await app
      .acquireTokenSilent({ account: inTenant(account, IDS.fabrikam), scopes: ["User.Read"], authority: authorityOf(IDS.fabrikam) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect((err as AuthError).errorMessage).toContain("User.Read");
  });

  it("refuses a user disabled after sign-in (AADSTS50057)", async () => {
    const { app, account } = await signedIn(ADA);
    const ada = h.directory.user(IDS.users.admin);
    if (!ada) throw new Error("seed");
    ada.accountEnabled = false;
    expect((await silentError(app, account, IDS.fabrikam)).errorMessage).toContain("AADSTS50057");
  });

  it("redeems at organizations as the home tenant", async () => {
    const { app, account } = await signedIn(ADA);
    const result = await app.acquireTokenSilent({ account, scopes: PORTAL_SCOPES, authority: `${h.publicBase}/organizations`, forceRefresh: true });
    expect(result.tenantId).toBe(IDS.partner);
    expect(decodeJwt(result.accessToken).idp).toBeUndefined();
  });

  it("expires refresh tokens after 90 days (AADSTS70008)", async () => {
    const { app, account } = await signedIn(ADA);
    h.advanceClock(91 * 24 * 3600 * 1000);
    try {
      const err = await silentError(app, account, IDS.fabrikam);
      expect(err).toBeInstanceOf(InteractionRequiredAuthError);
      expect(err.errorMessage).toContain("AADSTS70008");
    } finally {
      h.advanceClock(-91 * 24 * 3600 * 1000);
    }
  });
});

describe("Conditional Access on GDAP sign-ins", () => {
  it("blocks with AADSTS53003 before the fix and issues a token after the service-provider exclusion", async () => {
    const { app, account } = await signedIn(ADA);
    const before = await silentError(app, account, IDS.woodgrove);
    expect(before).toBeInstanceOf(InteractionRequiredAuthError);
    expect(before.errorMessage).toContain("AADSTS53003");
    expect(before.errorMessage).toContain(IDS.policies.woodgroveCompliantDevice);
    expect(JSON.parse((before as InteractionRequiredAuthError).claims)).toEqual({
      access_token: { capolids: { essential: true, values: [IDS.policies.woodgroveCompliantDevice] } },
    });

    // The portal's fix: exclude the partner's service-provider users from the policy.
    const policy = h.directory.policies(IDS.woodgrove)[0] as { conditions: { users: Record<string, unknown> } };
    policy.conditions.users.excludeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [IDS.partner] },
    };
    const after = await app.acquireTokenSilent({ account: inTenant(account, IDS.woodgrove), scopes: PORTAL_SCOPES, authority: authorityOf(IDS.woodgrove) });
    expect(after.tenantId).toBe(IDS.woodgrove);
    expect(decodeJwt(after.accessToken).wids).toEqual([ROLE.securityReader, ROLE.conditionalAccessAdministrator]);
  });

  it("keeps blocking when the exclusion names another partner or another guest type", async () => {
    const { app, account } = await signedIn(ADA);
    const users = (h.directory.policies(IDS.woodgrove)[0] as { conditions: { users: Record<string, unknown> } }).conditions.users;
    users.excludeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider",
      externalTenants: {
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members: ["99999999-9999-4999-8999-999999999999"],
      },
    };
    expect((await silentError(app, account, IDS.woodgrove)).errorMessage).toContain("AADSTS53003");
    users.excludeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "b2bCollaborationGuest,internalGuest",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
    };
    expect((await silentError(app, account, IDS.woodgrove)).errorMessage).toContain("AADSTS53003");
  });

  it("never blocks with report-only or disabled policies", async () => {
    const { app, account } = await signedIn(ADA);
    const [policy] = h.directory.policies(IDS.woodgrove) as Array<{ state: string }>;
    if (!policy) throw new Error("seed");
    policy.state = "enabledForReportingButNotEnforced";
    await app.acquireTokenSilent({ account: inTenant(account, IDS.woodgrove), scopes: PORTAL_SCOPES, authority: authorityOf(IDS.woodgrove) });
    policy.state = "disabled";
    const ok = await app.acquireTokenSilent({
      account: inTenant(account, IDS.woodgrove),
      scopes: PORTAL_SCOPES,
      authority: authorityOf(IDS.woodgrove),
      forceRefresh: true,
    });
    expect(ok.tenantId).toBe(IDS.woodgrove);
  });

  it("requires MFA (AADSTS50076) from a partner user whose sign-in did not do MFA", async () => {
    const { app, account } = await signedIn(OTTO);
    const err = await silentError(app, account, IDS.fabrikam);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.subError).toBe("basic_action");
    expect(err.errorMessage).toContain("AADSTS50076");
    expect(err.errorMessage).toContain(IDS.policies.fabrikamMfa);
  });

  it("blocks an enabled policy that targets the partner's service providers explicitly", async () => {
    const { app, account } = await signedIn(ADA);
    const target = allUsersPolicy("cccccccc-0000-4000-8000-00000000c009", "Block MSP", "enabled", { operator: "OR", builtInControls: ["block"] });
    const users = (target.conditions as { users: Record<string, unknown> }).users;
    users.includeUsers = [];
    users.includeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [IDS.partner] },
    };
    h.directory.policiesByTenant.set(IDS.fabrikam, [target]);
    const err = await silentError(app, account, IDS.fabrikam);
    expect(err.errorMessage).toContain("AADSTS53003");
    expect(err.errorMessage).toContain("cccccccc-0000-4000-8000-00000000c009");
  });

  it("does not evaluate customer policies for home-tenant sign-ins", async () => {
    const { app, account } = await signedIn(ADA);
    h.directory.policiesByTenant.set(IDS.partner, [
      allUsersPolicy("cccccccc-0000-4000-8000-00000000c010", "Block all", "enabled", { operator: "OR", builtInControls: ["block"] }),
    ]);
    const ok = await app.acquireTokenSilent({ account, scopes: PORTAL_SCOPES, forceRefresh: true });
    expect(ok.tenantId).toBe(IDS.partner);
  });
});

describe("interactive sign-in of a partner user at a customer authority", () => {
  it("is admitted through GDAP, evaluated as a browser sign-in", async () => {
    const app = h.msalApp();
    const s = await startSignIn(app, { extra: { authority: authorityOf(IDS.fabrikam) } });
    expect(s.page.text).not.toContain(ADA); // the customer's page lists its own members only
    const params = redirectParams(await typeCredentials(s, ADA, "Ada-demo-1!"));
    const code = params.get("code") ?? "";
    const result = await app.acquireTokenByCode(
      {
        code,
        scopes: PORTAL_SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: s.verifier,
        nonce: s.nonce,
        state: s.state,
        authority: authorityOf(IDS.fabrikam),
      },
      { code, state: params.get("state") ?? undefined },
    );
    expect(result.tenantId).toBe(IDS.fabrikam);
    expect(result.account?.homeAccountId).toBe(`${IDS.users.admin}.${IDS.partner}`);
    expect(decodeJwt(result.accessToken)).toMatchObject({ tid: IDS.fabrikam, wids: [ROLE.conditionalAccessAdministrator], home_tid: IDS.partner });
  });

  it("shows the Conditional Access block on a page, naming the policy", async () => {
    const s = await startSignIn(h.msalApp(), { extra: { authority: authorityOf(IDS.woodgrove) } });
    const res = await typeCredentials(s, ADA, "Ada-demo-1!");
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.text).toContain("You cannot access this right now");
    expect(res.text).toContain("AADSTS53003");
    expect(res.text).toContain(IDS.policies.woodgroveCompliantDevice);
  });

  it("only counts policies that target browsers for the sign-in page", async () => {
    const [policy] = h.directory.policies(IDS.woodgrove) as Array<{ conditions: Record<string, unknown> }>;
    if (!policy) throw new Error("seed");
    policy.conditions.clientAppTypes = ["mobileAppsAndDesktopClients"];
    const app = h.msalApp();
    const s = await startSignIn(app, { extra: { authority: authorityOf(IDS.woodgrove) } });
    const params = redirectParams(await typeCredentials(s, ADA, "Ada-demo-1!"));
    expect(params.get("code")).toMatch(/^emu-code\.[\w-]{32,}$/); // a real, unguessable authorization code
    // The refresh token redeemed by the portal's server is a desktop/mobile client: blocked there.
    const result = await app.acquireTokenByCode({
      code: params.get("code") ?? "",
      scopes: PORTAL_SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: s.verifier,
      nonce: s.nonce,
      authority: authorityOf(IDS.woodgrove),
    });
    if (!result.account) throw new Error("no account");
    const err = await app
      .acquireTokenSilent({ account: result.account, scopes: PORTAL_SCOPES, authority: authorityOf(IDS.woodgrove), forceRefresh: true })
      .catch((e: unknown) => e);
    expect((err as AuthError).errorMessage).toContain("AADSTS53003");
  });
});
