import { describe, expect, it } from "vitest";
import { identityFromClaims } from "./id-token";
import { SignInError } from "./oidc-types";

const PARTNER = "aaaaaaaa-1111-4111-8111-111111111111";
const ISSUER = `https://login.microsoftonline.com/${PARTNER}/v2.0`;
const now = new Date("2026-12-06T10:00:00Z");
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const member = {
  tid: PARTNER,
  oid: "bbbbbbbb-2222-4222-8222-222222222222",
  preferred_username: "ann@msp.example",
  name: "Ann",
  roles: ["Portal.Operator", 7],
  auth_time: seconds(now) - 60,
};
const rules = { partnerTenantId: PARTNER, issuer: ISSUER, now };

function refusal(claims: Record<string, unknown>, extra: Partial<typeof rules> & { maxAgeSeconds?: number } = {}): SignInError {
  try {
    identityFromClaims(claims, { ...rules, ...extra });
  } catch (err) {
    if (err instanceof SignInError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("identityFromClaims", () => {
  it("a member: who, the app roles (strings only) and when they authenticated", () => {
    expect(identityFromClaims(member, rules)).toEqual({
      tenantId: PARTNER,
      objectId: member.oid,
      upn: "ann@msp.example",
      displayName: "Ann",
      appRoles: ["Portal.Operator"],
      authTime: new Date((seconds(now) - 60) * 1000),
    });
  });

  it("a member whose idp is the partner tenant itself, or acct 0, is still a member", () => {
    expect(identityFromClaims({ ...member, acct: 0, idp: `https://sts.windows.net/${PARTNER}/` }, rules).objectId).toBe(member.oid);
    expect(identityFromClaims({ ...member, idp: ISSUER }, rules).objectId).toBe(member.oid);
  });

  it("refuses a guest shown by acct 1, or by an idp that is another tenant or a personal account", () => {
    expect(refusal({ ...member, acct: 1 })).toMatchObject({ problem: "guest", message: expect.stringContaining("Only member accounts") });
    expect(refusal({ ...member, idp: "https://sts.windows.net/cccccccc-3333-4333-8333-333333333333/" }).problem).toBe("guest");
    expect(refusal({ ...member, idp: "live.com" }).message).toContain("authenticated by live.com");
  });

  it("refuses another tenant's account and a token without an object id", () => {
    expect(refusal({ ...member, tid: "cccccccc-3333-4333-8333-333333333333" }).problem).toBe("wrong-tenant");
    expect(refusal({ ...member, oid: undefined }).problem).toBe("invalid-token");
  });

  it("without auth_time the time is unknown (null), which is allowed for a normal sign-in", () => {
    expect(identityFromClaims({ ...member, auth_time: undefined }, rules).authTime).toBeNull();
  });

  it("a fresh sign-in (max_age) needs an auth_time within max_age (2 minutes of clock skew)", () => {
    expect(identityFromClaims({ ...member, auth_time: seconds(now) - 900 }, { ...rules, maxAgeSeconds: 900 }).objectId).toBe(member.oid);
    const stale = refusal({ ...member, auth_time: seconds(now) - 20 * 60 }, { maxAgeSeconds: 900 });
    expect(stale).toMatchObject({ problem: "not-fresh" });
    expect(stale.message).toBe(
      "This needs a sign-in within the last 15 minutes, but Microsoft Entra ID reused a sign-in from 20 minutes ago. Sign in again and enter your password.",
    );
    expect(refusal({ ...member, auth_time: undefined }, { maxAgeSeconds: 900 }).message).toContain("no auth_time claim");
  });
});
