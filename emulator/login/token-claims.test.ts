// The ID token's member/guest claims: `acct` (0 member, 1 guest) and `idp` (the home tenant's issuer
// when someone else authenticated the user), as Entra's claims references describe them.
import { describe, expect, it } from "vitest";
import type { DirectoryApp, DirectoryTenant, DirectoryUser } from "@/emulator/contract";
import { idTokenClaims } from "./token-claims";

const tenant: DirectoryTenant = { id: "11111111-1111-4111-8111-111111111111", displayName: "Partner", defaultDomain: "partner.example", kind: "partner" };
const app: DirectoryApp = { clientId: "22222222-2222-4222-8222-222222222222", displayName: "Portal", homeTenantId: tenant.id, secrets: [], redirectUris: [] };
const member: DirectoryUser = {
  id: "33333333-3333-4333-8333-333333333333",
  tenantId: tenant.id,
  userPrincipalName: "ann@partner.example",
  displayName: "Ann",
  password: "x",
  roleTemplateIds: [],
  groupIds: [],
  mfaRegistered: true,
  accountEnabled: true,
};
const base = {
  urls: { publicBase: "https://127.0.0.1:4443", browserBase: "http://127.0.0.1:4444" },
  tenant,
  app,
  appRoles: ["Portal.Operator"],
  crossTenant: false,
  authTimeSeconds: 1_700_000_000,
  sessionId: "s",
  nowSeconds: 1_700_000_100,
};

describe("idTokenClaims", () => {
  it("a member: acct 0, no idp, auth_time from the sign-in, roles from the app role assignment", () => {
    const claims = idTokenClaims({ ...base, user: member });
    expect(claims).toMatchObject({ acct: 0, auth_time: 1_700_000_000, roles: ["Portal.Operator"], tid: tenant.id });
    expect(claims.idp).toBeUndefined();
  });

  it("a B2B guest of the tenant: acct 1 and idp = its home tenant's issuer, although tid is the inviting tenant", () => {
    const home = "44444444-4444-4444-8444-444444444444";
    const claims = idTokenClaims({ ...base, user: { ...member, guestOf: home } });
    expect(claims).toMatchObject({ acct: 1, idp: `https://sts.windows.net/${home}/`, tid: tenant.id });
  });

  it("no roles claim without an assignment", () => {
    expect(idTokenClaims({ ...base, user: member, appRoles: [] }).roles).toBeUndefined();
  });
});
