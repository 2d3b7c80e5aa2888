// Whether a user may get a delegated token for an app in a tenant, and with which roles and
// permissions. One function for the sign-in page and both user grants, so the rules cannot drift.
// Order, as Entra applies it: account state, tenant access (membership or GDAP), consent, then
// Conditional Access (GDAP sign-ins only, see README.md).
import { GRAPH_APP_ID, type DirectoryApp, type DirectoryTenant, type DirectoryUser, type LoginDirectory } from "@/emulator/contract";
import { evaluateServiceProviderSignIn, type CaDecision, type ClientAppType, type PolicyVerdict } from "./ca-evaluation";
import { AADSTS, type EntraError } from "./entra-errors";
import { grantedDelegatedScopes, type ParsedScopes } from "./scopes";

export interface AdmissionRequest {
  directory: LoginDirectory;
  tenant: DirectoryTenant; // the tenant the token is for
  user: DirectoryUser;
  app: DirectoryApp;
  scopes: ParsedScopes;
  clientAppType: ClientAppType;
  amr: readonly string[];
  ipAddress: string;
}

export interface Admission {
  wids: string[];
  /** The user's home tenant differs from the token's tenant (a GDAP token). */
  crossTenant: boolean;
  scp: string[];
  gdapRelationshipId?: string;
  conditionalAccess?: CaDecision;
}

export type AdmissionResult = { ok: true; admission: Admission } | { ok: false; error: EntraError };

export function admitDelegated(r: AdmissionRequest): AdmissionResult {
  if (!r.user.accountEnabled) return { ok: false, error: AADSTS.userDisabled() };

  const access = tenantAccess(r);
  if (!access.ok) return access;

  const consent = r.directory.consent(r.tenant.id, r.app.clientId);
  if (!consent)
    return {
      ok: false,
      error: AADSTS.consentMissing(
        r.app.clientId,
        r.app.displayName,
        ` The application has no service principal (consent) in tenant '${r.tenant.displayName}'.`,
      ),
    };
  const granted = grantedDelegatedScopes(r.scopes, consent.delegatedScopes);
  if (!granted.ok) {
    return {
      ok: false,
      error: AADSTS.consentMissing(
        r.app.clientId,
        r.app.displayName,
        ` Permissions not consented in tenant '${r.tenant.displayName}': ${granted.missing.join(", ")}.`,
      ),
    };
  }

  const admission: Admission = { wids: access.wids, crossTenant: access.crossTenant, scp: granted.scp, gdapRelationshipId: access.relationshipId };
  if (!access.crossTenant) return { ok: true, admission };

  const decision = evaluateServiceProviderSignIn(r.directory.policies(r.tenant.id), r.directory.namedLocations(r.tenant.id), {
    userId: r.user.id,
    partnerTenantId: r.user.tenantId,
    roleTemplateIds: access.wids,
    clientId: r.app.clientId,
    clientAppType: r.clientAppType,
    amr: r.amr,
    ipAddress: r.ipAddress,
  });
  admission.conditionalAccess = decision;
  if (decision.kind === "block") {
    return {
      ok: false,
      error: AADSTS.blockedByConditionalAccess(
        decision.blocking.map((v) => v.policyId),
        describeVerdicts(decision.blocking),
      ),
    };
  }
  if (decision.kind === "mfa-required") {
    const note = r.user.mfaRegistered ? "" : " The user has no MFA method registered.";
    return {
      ok: false,
      error: AADSTS.mfaRequired(
        GRAPH_APP_ID,
        decision.requiring.map((v) => v.policyId),
        describeVerdicts(decision.requiring) + note,
      ),
    };
  }
  return { ok: true, admission };
}

type Access = { ok: true; wids: string[]; crossTenant: boolean; relationshipId?: string } | { ok: false; error: EntraError };

function tenantAccess(r: AdmissionRequest): Access {
  if (r.user.tenantId === r.tenant.id) return { ok: true, wids: [...r.user.roleTemplateIds], crossTenant: false };
  // Whatever the reason (no relationship, one not active, no access assignment for the user's groups), Entra
  // answers with its ordinary AADSTS50020 text, observed verbatim for users a tenant does not know
  // (nextauthjs/next-auth#7448, MicrosoftDocs/azure-docs#57031); nothing in it names GDAP or the relationship's
  // status (unverified for GDAP, strict: the portal learns why from the partner's relationships, not from here).
  const refuse = (): Access => ({
    ok: false,
    error: AADSTS.userNotInTenant(r.user.userPrincipalName, r.user.tenantId, r.tenant.displayName, r.app.clientId, r.app.displayName),
  });
  const gdap = r.directory.gdap(r.user.tenantId, r.user.id, r.tenant.id);
  if (gdap.kind === "active") return { ok: true, wids: [...gdap.roleTemplateIds], crossTenant: true, relationshipId: gdap.relationshipId };
  return refuse();
}

function describeVerdicts(verdicts: PolicyVerdict[]): string {
  return verdicts.map((v) => `Policy '${v.policyId}' (${v.displayName}): ${v.reason}.`).join(" ");
}
