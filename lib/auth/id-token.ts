// Who signed in, from the claims of an id token whose signature, issuer, audience and nonce were
// already checked (oidc.ts). Pure, so every rule is unit-tested:
//
// - Members of the partner tenant only. A B2B guest's object lives in the partner tenant (so `tid`
//   is the partner), but someone else authenticated it. Entra says so in two claims: `idp` "is
//   identical to the value of the issuer claim unless the user account isn't in the same tenant as
//   the issuer - guests, for instance" (learn.microsoft.com/entra/identity-platform/
//   id-token-claims-reference), and the optional claim `acct` "If the user is a member of the tenant,
//   the value is 0. If they're a guest, the value is 1" (optional-claims-reference). Either one
//   showing a guest refuses the sign-in.
// - `auth_time` ("Time when the user last authenticated") is an optional claim in Entra v2 id tokens,
//   not a default one (optional-claims-reference; the id-token-claims-reference does not list it):
//   the app registration must ask for it (README). Without it the portal cannot know how fresh a
//   sign-in is, so it records null and treats the sign-in as not fresh: fresh sign-in stays
//   impossible until the claim is configured, rather than trusting an unknown age.
// - A fresh sign-in (sent with `max_age`) must come back with an `auth_time` within that age, as
//   OIDC Core 3.1.2.1 asks of the client ("When max_age is used, the ID Token returned MUST include
//   an auth_time Claim Value"); msal-node 7 leaves that check to the app (BaseAuthRequest.maxAge is
//   deprecated: "send it via extraQueryParameters and validate the auth_time claim ... yourself").
import { SignInError, type StaffIdentity } from "./oidc-types";

/** Clock skew allowed between Entra and the portal when checking auth_time. */
const SKEW_SECONDS = 120;

export interface IdTokenRules {
  partnerTenantId: string;
  /** The v2 issuer the token was verified against: `<authority>/v2.0`. */
  issuer: string;
  /** Set when the sign-in asked for `max_age`: auth_time must be at most this old. */
  maxAgeSeconds?: number;
  now?: Date;
}

/** The issuers that mean "the partner tenant itself authenticated this user" (v2 and v1 forms). */
function partnerIssuers(rules: IdTokenRules): Set<string> {
  const t = rules.partnerTenantId.toLowerCase();
  return new Set([rules.issuer.toLowerCase(), `https://sts.windows.net/${t}/`, `https://login.microsoftonline.com/${t}/v2.0`]);
}

/** Why the account is a guest of the partner tenant, or null for a member. */
export function guestReason(claims: Record<string, unknown>, rules: IdTokenRules): string | null {
  if (claims.acct === 1 || claims.acct === "1") return "the token says the account is a guest (acct 1)";
  if (typeof claims.idp === "string" && !partnerIssuers(rules).has(claims.idp.toLowerCase())) return `the account was authenticated by ${claims.idp}`;
  return null;
}

export function identityFromClaims(claims: Record<string, unknown>, rules: IdTokenRules): StaffIdentity {
  if (claims.tid !== rules.partnerTenantId) throw new SignInError("wrong-tenant", "Only accounts of the MSP's own tenant can sign in to this portal.");
  const objectId = typeof claims.oid === "string" ? claims.oid : null;
  if (!objectId) throw new SignInError("invalid-token", "The identity token carries no object id.");
  const upn = String(claims.preferred_username ?? claims.upn ?? claims.email ?? objectId);
  const guest = guestReason(claims, rules);
  if (guest) {
    throw new SignInError(
      "guest",
      `${upn} is a guest of the MSP's tenant (${guest}). Only member accounts of the MSP's own tenant can sign in to this portal.`,
    );
  }
  const authTime = typeof claims.auth_time === "number" && Number.isFinite(claims.auth_time) ? new Date(claims.auth_time * 1000) : null;
  if (rules.maxAgeSeconds !== undefined) {
    if (!authTime) {
      throw new SignInError(
        "not-fresh",
        "Microsoft Entra ID did not say when you signed in (no auth_time claim), so a recent sign-in cannot be confirmed. Ask an admin to add the auth_time optional claim to the portal's app registration.",
      );
    }
    const age = ((rules.now ?? new Date()).getTime() - authTime.getTime()) / 1000;
    if (age > rules.maxAgeSeconds + SKEW_SECONDS) {
      const minutes = Math.round(age / 60);
      throw new SignInError(
        "not-fresh",
        `This needs a sign-in within the last ${Math.round(rules.maxAgeSeconds / 60)} minutes, but Microsoft Entra ID reused a sign-in from ${minutes} minutes ago. Sign in again and enter your password.`,
      );
    }
  }
  return {
    tenantId: rules.partnerTenantId,
    objectId,
    upn,
    displayName: String(claims.name ?? upn),
    appRoles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [],
    authTime,
  };
}
