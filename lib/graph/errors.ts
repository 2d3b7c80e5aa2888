// Every Graph or Entra failure becomes a GraphFailure: a problem an MSP admin can act on, a readable
// sentence naming the tenant's situation, and the raw details (status, code, request ids) for
// history and support. Pure: no I/O, so the table is unit-tested in errors.test.ts.
import { SealError } from "../crypto/seal";
import { GraphFailure, type TenantProblem } from "./tenant-graph-contract";

/** What an Entra (token endpoint) or msal failure looks like once its fields are read. */
export interface EntraErrorInput {
  /** msal errorCode / OAuth `error` (invalid_grant, unauthorized_client, no_account_in_silent_request…). */
  errorCode?: string;
  /** The AADSTS number Entra sends in `error_codes` (msal's ServerError.errorNo). */
  errorNo?: number;
  /** msal errorMessage / `error_description` (carries "AADSTSnnnnn: …"). */
  message?: string;
  subError?: string;
  /** The `claims` challenge (Conditional Access names the failing policies in `capolids`). */
  claims?: string;
  correlationId?: string;
  /** Which access path was being obtained (the wording differs). */
  path: "delegated" | "app-only";
}

/** A Graph HTTP error (after the retry budget, when the status was retryable). */
export interface GraphErrorInput {
  status: number;
  code?: string;
  message?: string;
  /** innerError.message (some CA errors carry the numbered detail there). */
  innerMessage?: string;
  requestId?: string;
  clientRequestId?: string;
  /** What was being done, for the sentence: "reading the Conditional Access policies". */
  action?: string;
}

/** Text before msal/Entra's trace block ("\r\nTrace ID: …"), trimmed to something readable. */
export function readableEntraText(message: string | undefined): string {
  if (!message) return "";
  // msal prefixes Entra's error_description with "Error(s): … - Description: "; keep Entra's own text.
  const description = /\bDescription: ([\s\S]*)$/.exec(message)?.[1] ?? message;
  return description
    .split(/\s*(?:Trace ID:| - Correlation ID:)/)[0]!
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 600);
}

/** "AADSTS50020: <Microsoft's text>", without repeating the code when the text already starts with it. */
export function withCode(code: number, text: string): string {
  const prefix = `AADSTS${code}`;
  if (!text) return prefix;
  return text.startsWith(prefix) ? text : `${prefix}: ${text}`;
}

export function aadstsCode(message: string | undefined): number | undefined {
  const m = /AADSTS(\d+)/.exec(message ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Policy ids from a claims challenge `{"access_token":{"capolids":{"values":[…]}}}`. */
export function caPolicyIds(claims: string | undefined): string[] {
  if (!claims) return [];
  try {
    const parsed = JSON.parse(claims) as { access_token?: { capolids?: { values?: unknown } } };
    const values = parsed.access_token?.capolids?.values;
    return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const NETWORK_CODES = new Set([
  "network_error",
  "endpoints_resolution_error",
  "get_request_failed",
  "post_request_failed",
  "openid_config_error",
  "untrusted_authority",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
]);

const NOT_CONNECTED_CODES = new Set(["no_account_in_silent_request", "no_tokens_found", "refresh_token_expired", "no_account_found", "not-connected"]);

/** Entra / msal failure -> GraphFailure. */
export function classifyEntraError(input: EntraErrorInput): GraphFailure {
  const text = readableEntraText(input.message);
  // The number from `error_codes` (msal's errorNo); the AADSTS prefix of the description only when absent.
  const code = input.errorNo ?? aadstsCode(input.message);
  const detail = { code: code !== undefined ? `AADSTS${code}` : input.errorCode, graphMessage: text || undefined, clientRequestId: input.correlationId };
  const fail = (problem: TenantProblem, sentence: string) => new GraphFailure(problem, sentence, detail);

  switch (code) {
    case 53003: {
      const ids = caPolicyIds(input.claims);
      const fromText = [...(input.message ?? "").matchAll(/Policy '([0-9a-f-]{36})'/gi)].map((m) => m[1]!);
      const all = [...new Set([...ids, ...fromText])];
      return fail("blocked-by-ca", `The customer's Conditional Access blocks the GDAP sign-in (AADSTS53003)${all.length ? `: policy ${all.join(", ")}` : ""}.`);
    }
    case 50076:
      return fail("blocked-by-ca", "The customer's Conditional Access requires MFA the automation account's sign-in cannot satisfy silently (AADSTS50076).");
    // Entra refuses the GDAP sign-in. Why (no relationship, one that is not active, no access assignment) is
    // decided from the partner's synced relationships (gdap-refusal.ts), never from this message's wording:
    // Microsoft says its texts change ("Apps that take a dependency on text or error code numbers will be broken
    // over time", learn.microsoft.com/entra/identity-platform/reference-error-codes).
    case 50020:
    case 50177:
      return fail("no-gdap", `Microsoft Entra ID refused the GDAP sign-in for this customer (${withCode(code, text)}).`);
    case 65001:
      return fail("no-consent", `The portal's app is not consented in this customer tenant for ${input.path} access (AADSTS65001).`);
    case 700016:
      return fail("no-consent", `The portal's app has no service principal in this customer tenant, so ${input.path} access is not possible (AADSTS700016).`);
    case 90002:
      return fail("not-found", "Microsoft Entra ID does not know this tenant (AADSTS90002).");
    case 70008:
    case 50173:
    case 9002313:
    case 70000:
      return fail("not-connected", `The automation account's sign-in is no longer valid; connect it again in Settings (AADSTS${code}).`);
    case 50057:
      return fail("not-connected", "The automation account is disabled in the partner tenant (AADSTS50057).");
    case 7000215:
    case 7000218:
      return fail("unknown", `The portal's client secret is not accepted by Microsoft Entra ID (AADSTS${code}).`);
    default:
      break;
  }
  if (input.errorCode && NOT_CONNECTED_CODES.has(input.errorCode)) {
    return fail("not-connected", "The partner's automation account is not connected: connect it in Settings.");
  }
  if (input.errorCode && NETWORK_CODES.has(input.errorCode)) {
    return fail("unavailable", `Microsoft Entra ID could not be reached (${input.errorCode}).`);
  }
  if (input.errorCode === "temporarily_unavailable" || /AADSTS(50001|90033|5000\d)\b/.test(input.message ?? "")) {
    return fail("unavailable", `Microsoft Entra ID is temporarily unavailable${text ? `: ${text}` : ""}.`);
  }
  return fail("unknown", `Microsoft Entra ID refused the ${input.path} token${text ? `: ${text}` : input.errorCode ? ` (${input.errorCode})` : ""}.`);
}

/** Any thrown value from msal (AuthError and subclasses) -> GraphFailure. */
export function classifyMsalError(err: unknown, path: "delegated" | "app-only"): GraphFailure {
  if (err instanceof GraphFailure) return err;
  if (err instanceof SealError) {
    return new GraphFailure(
      "not-connected",
      "The stored tokens cannot be decrypted with the configured ENCRYPTION_KEY (was it changed?): connect the automation account again in Settings.",
      { code: "token-cache-unreadable" },
    );
  }
  const e = (err ?? {}) as {
    errorCode?: unknown;
    errorNo?: unknown;
    errorMessage?: unknown;
    message?: unknown;
    subError?: unknown;
    claims?: unknown;
    correlationId?: unknown;
    code?: unknown;
  };
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const errorNo = typeof e.errorNo === "number" ? e.errorNo : typeof e.errorNo === "string" && /^\d+$/.test(e.errorNo) ? Number(e.errorNo) : undefined;
  return classifyEntraError({
    errorCode: str(e.errorCode) ?? str(e.code),
    errorNo,
    message: str(e.errorMessage) ?? str(e.message),
    subError: str(e.subError),
    claims: str(e.claims),
    correlationId: str(e.correlationId),
    path,
  });
}

const SECURITY_DEFAULTS = /security defaults/i;

/** A Graph HTTP error (status >= 400) -> GraphFailure. Called after the retry budget is spent. */
export function classifyGraphError(input: GraphErrorInput): GraphFailure {
  const message = [input.message, input.innerMessage].filter(Boolean).join(" ").trim();
  const detail = {
    status: input.status,
    code: input.code,
    requestId: input.requestId,
    clientRequestId: input.clientRequestId,
    graphMessage: message || undefined,
  };
  const doing = input.action ? ` while ${input.action}` : "";
  const fail = (problem: TenantProblem, sentence: string) => new GraphFailure(problem, sentence, detail);
  const s = input.status;

  if (s === 429) return fail("throttled", `Microsoft Graph kept throttling requests to this tenant${doing} (429 after retries); try again in a minute.`);
  if (s >= 500) return fail("unavailable", `Microsoft Graph was unavailable${doing} (${s} after retries).`);
  if (s === 401) return fail("not-connected", `Microsoft Graph did not accept the access token${doing}: ${message || "401 Unauthorized"}.`);
  // A 403 says only that the call was refused; whether the tenant lacks Entra ID P1 is read from its service plans
  // (licence-facts.ts), never from this message (Microsoft documents no licence error for Conditional Access).
  if (s === 403) {
    return fail(
      "missing-role",
      `The portal's access to this tenant does not allow this${doing}: ${input.code ? `${input.code}: ` : ""}${message || "403 Forbidden"} (check the GDAP roles: Conditional Access Administrator is needed for changes).`,
    );
  }
  if (s === 404) return fail("not-found", `Not found${doing}: ${message || "the policy does not exist"}.`);
  if (s === 400 && SECURITY_DEFAULTS.test(message)) {
    return fail("security-defaults", "Security defaults are on in this tenant: Conditional Access policies cannot be enabled until they are turned off.");
  }
  if (s === 400 || s === 409 || s === 412 || s === 422) return fail("conflict", `Microsoft Graph refused the request${doing}: ${message || `${s}`}.`);
  return fail("unknown", `Microsoft Graph answered ${s}${doing}: ${message || "no details"}.`);
}

/** A request that never got an answer (network error after the retry budget). */
export function networkFailure(err: unknown, clientRequestId?: string, action?: string): GraphFailure {
  const cause = err instanceof Error ? ((err.cause as { code?: string } | undefined)?.code ?? err.message) : String(err);
  return new GraphFailure("unavailable", `Microsoft Graph could not be reached${action ? ` while ${action}` : ""} (${cause}).`, {
    clientRequestId,
    code: "network",
  });
}
