// Entra's error shape and the AADSTS codes the login face uses. Texts follow Microsoft's published
// error reference (entra-docs reference-error-codes.md) and captured responses; msal-node reads
// `error`, `error_description`, `suberror` and `claims`, and people read the AADSTS text.
import { randomUUID } from "node:crypto";

export interface EntraError {
  error: string; // OAuth error code
  code: number; // AADSTS number
  message: string; // text after "AADSTSnnnnn: "
  suberror?: string;
  claims?: string; // a claims challenge (Conditional Access failures carry the policy ids)
}

export interface RequestIds {
  traceId: string;
  correlationId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** msal sends `client-request-id`; Entra echoes it as the correlation id when it is a GUID. */
export function requestIds(clientRequestId: string | string[] | undefined): RequestIds {
  const given = Array.isArray(clientRequestId) ? clientRequestId[0] : clientRequestId;
  return { traceId: randomUUID(), correlationId: given && GUID.test(given) ? given.toLowerCase() : randomUUID() };
}

/** "2026-01-01 00:00:00Z", the format Entra uses in `timestamp` and in the description. */
export function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

export function describe(err: EntraError, ids: RequestIds, nowMs: number): string {
  return `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${entraTimestamp(nowMs)}`;
}

export function errorBody(err: EntraError, ids: RequestIds, nowMs: number): Record<string, unknown> {
  return {
    error: err.error,
    error_description: describe(err, ids, nowMs),
    error_codes: [err.code],
    timestamp: entraTimestamp(nowMs),
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    ...(err.suberror ? { suberror: err.suberror } : {}),
    ...(err.claims ? { claims: err.claims } : {}),
  };
}

/** 401 for client authentication failures (RFC 6749 §5.2), 400 for everything else. */
export function errorStatus(err: EntraError): number {
  return err.error === "invalid_client" ? 401 : 400;
}

const e = (error: string, code: number, message: string, extra: Partial<EntraError> = {}): EntraError => ({
  error,
  code,
  message,
  ...extra,
});

/** The catalogue. Keep texts close to Entra's so people can search them. */
export const AADSTS = {
  tenantNotFound: (tenant: string) =>
    e(
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  missingParameter: (name: string) => e("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  onlyPost: (method: string) => e("invalid_request", 900561, `The endpoint only accepts POST requests. Received a ${method} request.`),
  malformed: () => e("invalid_request", 9002313, "Invalid request. Request is malformed or invalid."),
  unsupportedGrantType: (grant: string) => e("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
  grantNotOnCommon: () =>
    e(
      "invalid_request",
      9001023,
      "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
    ),
  noTenantForAppOnly: () =>
    e("invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials."),
  appNotFound: (clientId: string, tenant: string) =>
    e(
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  clientIdMismatch: () => e("invalid_client", 700038, "The client_id in the request body does not match the client id in the Authorization header."),
  missingSecret: () => e("invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  assertionUnsupported: () => e("invalid_client", 700027, "Client assertion failed signature validation. (The local cloud only accepts client secrets.)"),
  badSecret: (clientId: string) =>
    e(
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  codeExpired: () =>
    e(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
      { suberror: "bad_token" },
    ),
  codeRedeemed: () =>
    e("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."),
  codeInvalid: () =>
    e("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid. The provided authorization code is not valid.", { suberror: "bad_token" }),
  codeWrongTenant: () => e("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant, thus rejected."),
  codeWrongClient: () => e("invalid_grant", 70000, "The provided value for the 'code' parameter is not valid. The code was issued to a different client."),
  replyAddressMismatch: (sent: string, original: string) =>
    e("invalid_grant", 500112, `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`),
  pkceMismatch: () => e("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."),
  refreshTokenExpired: () =>
    e(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
      { suberror: "bad_token" },
    ),
  refreshTokenInvalid: () =>
    e("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid. The refresh token is not valid.", { suberror: "bad_token" }),
  refreshTokenWrongClient: () => e("invalid_grant", 70000, "Provided grant is invalid or malformed. The refresh token was issued to a different client."),
  refreshTokenRevoked: () =>
    e(
      "invalid_grant",
      50173,
      "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
      { suberror: "bad_token" },
    ),
  emptyScope: () =>
    e(
      "invalid_scope",
      28003,
      "Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.",
    ),
  multipleResources: () =>
    e("invalid_scope", 700022, "The provided value for the input parameter scope is not valid because it contains more than one resource."),
  unknownResource: (resource: string, tenant: string) =>
    e(
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  invalidScope: (scope: string) =>
    e("invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`),
  appOnlyScope: (scope: string) =>
    e(
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  userNotInTenant: (upn: string, homeTenantId: string, tenantName: string, clientId: string, appName: string) =>
    e(
      "invalid_grant",
      50020,
      `User account '${upn}' from identity provider 'https://sts.windows.net/${homeTenantId}/' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  userNotFound: (upn: string, tenantName: string) =>
    e(
      "invalid_grant",
      50034,
      `The user account ${upn} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
    ),
  badPassword: () => e("invalid_grant", 50126, "Error validating credentials due to invalid username or password."),
  userDisabled: () =>
    e(
      "invalid_grant",
      50057,
      "The user account is disabled. The user object in Active Directory backing this account has been disabled. An admin can re-enable this account through PowerShell.",
    ),
  consentMissing: (clientId: string, appName: string, detail = "") =>
    e(
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.${detail}`,
      { suberror: "consent_required" },
    ),
  blockedByConditionalAccess: (policyIds: string[], detail: string) =>
    e("invalid_grant", 53003, `Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. ${detail}`, {
      suberror: "message_only",
      claims: capolidsChallenge(policyIds),
    }),
  mfaRequired: (resource: string, policyIds: string[], detail: string) =>
    e(
      "invalid_grant",
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'. ${detail}`,
      { suberror: "basic_action", claims: capolidsChallenge(policyIds) },
    ),
  loginRequired: () =>
    e(
      "login_required",
      50058,
      "A silent sign-in request was sent but no user is signed in. The cookies used to represent the user's session were not sent in the request to Azure AD.",
    ),
  userDeclined: () => e("access_denied", 65004, "User declined to consent to access the app."),
  noReplyAddress: () => e("invalid_request", 900971, "No reply address provided."),
  replyAddressNotRegistered: (uri: string, clientId: string) =>
    e(
      "invalid_request",
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
    ),
  unsupportedResponseType: (type: string) =>
    e(
      "unsupported_response_type",
      700054,
      `response_type '${type}' is not enabled for the application. The local cloud issues authorization codes only (response_type=code).`,
    ),
  unsupportedResponseMode: (mode: string) => e("invalid_request", 70007, `The application returned an unsupported value of 'response_mode': '${mode}'.`),
  badCodeChallenge: () => e("invalid_request", 501491, "Invalid size of Code_Challenge parameter."),
  badCodeChallengeMethod: (method: string) =>
    e("invalid_request", 90023, `Invalid request. The code_challenge_method '${method}' is not supported; use 'S256' or 'plain'.`),
} as const;

/** Entra's claims challenge for Conditional Access failures names the policies that failed. */
function capolidsChallenge(policyIds: string[]): string {
  return JSON.stringify({ access_token: { capolids: { essential: true, values: policyIds } } });
}
