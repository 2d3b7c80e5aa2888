import { describe, expect, it } from "vitest";
import { aadstsCode, caPolicyIds, classifyEntraError, classifyGraphError, classifyMsalError, networkFailure, readableEntraText } from "./errors";
import { SealError } from "../crypto/seal";
import { accessTokenRoles } from "./msal-client";
import { GraphFailure } from "./tenant-graph-contract";

const TRACE = "\r\nTrace ID: 11111111-1111-1111-1111-111111111111\r\nCorrelation ID: 22222222-2222-2222-2222-222222222222\r\nTimestamp: 2026-01-01 00:00:00Z";
const P1 = "0b0e6f0a-1111-4c2a-9a55-3b3f6c1e2d01";
const P2 = "0b0e6f0a-2222-4c2a-9a55-3b3f6c1e2d02";
const NOT_IN_TENANT =
  "AADSTS50020: User account 'svc-automation@tailwindmsp.onmicrosoft.com' from identity provider 'https://sts.windows.net/aaaa/' does not exist in tenant 'Contoso' and cannot access the application 'cid'(MSP portal) in that tenant.";

describe("classifyEntraError (token endpoint / msal)", () => {
  it.each([
    [{ errorCode: "invalid_grant", message: `${NOT_IN_TENANT}${TRACE}` }, "no-gdap", /refused the GDAP sign-in for this customer \(AADSTS50020: User account/],
    [
      {
        errorCode: "invalid_grant",
        subError: "consent_required",
        message: `AADSTS65001: The user or administrator has not consented to use the application.${TRACE}`,
      },
      "no-consent",
      /not consented/,
    ],
    [
      { errorCode: "unauthorized_client", message: `AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.${TRACE}` },
      "no-consent",
      /no service principal/,
    ],
    [
      { errorCode: "invalid_grant", message: `AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.${TRACE}` },
      "not-connected",
      /connect it again/,
    ],
    [{ errorCode: "no_account_in_silent_request" }, "not-connected", /not connected/],
    [{ errorCode: "endpoints_resolution_error", message: "Endpoints cannot be resolved" }, "unavailable", /could not be reached/],
    [{ errorCode: "invalid_client", message: `AADSTS7000215: Invalid client secret provided.${TRACE}` }, "unknown", /client secret/],
    [{ errorCode: "weird", message: "Something odd" }, "unknown", /Something odd/],
  ] as const)("%# -> %s", (input, problem, text) => {
    const f = classifyEntraError({ ...input, path: "delegated" });
    expect(f).toBeInstanceOf(GraphFailure);
    expect(f.problem).toBe(problem);
    expect(f.message).toMatch(text);
    expect(f.message).not.toMatch(/Trace ID/);
  });

  it("reads no prose: the same code with different (or no) messages gives the same class", () => {
    const variants = [
      "",
      "User account 'x' does not exist in tenant 'y'.",
      "GDAP: relationship 'expired', not 'active'.",
      "no access assignment",
      "Your tenant is not licensed",
    ];
    for (const [errorNo, problem] of [
      [50020, "no-gdap"],
      [50177, "no-gdap"],
      [65001, "no-consent"],
      [700016, "no-consent"],
      [53003, "blocked-by-ca"],
      [70008, "not-connected"],
    ] as const) {
      for (const text of variants) {
        expect(classifyEntraError({ path: "delegated", errorCode: "invalid_grant", errorNo, message: text }).problem, `${errorNo} "${text}"`).toBe(problem);
        expect(
          classifyMsalError(Object.assign(new Error(text), { errorCode: "invalid_grant", errorNo: String(errorNo), errorMessage: text }), "delegated").problem,
        ).toBe(problem);
      }
    }
    for (const message of ["Your tenant is not licensed for this feature.", "Insufficient privileges", "", "P1 licence required"]) {
      for (const code of ["AccessDenied", "Forbidden", "Authorization_RequestDenied"]) {
        expect(classifyGraphError({ status: 403, code, message }).problem, `${code} "${message}"`).toBe("missing-role");
      }
    }
  });

  it("names the blocking policies of AADSTS53003 from the claims challenge and the text", () => {
    const f = classifyEntraError({
      path: "delegated",
      errorCode: "invalid_grant",
      subError: "message_only",
      message: `AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Policy '${P1}' (Require compliant device): requires a compliant device.${TRACE}`,
      claims: JSON.stringify({ access_token: { capolids: { essential: true, values: [P1, P2] } } }),
    });
    expect(f.problem).toBe("blocked-by-ca");
    expect(f.message).toContain("AADSTS53003");
    expect(f.message).toContain(P1);
    expect(f.message).toContain(P2);
    expect(f.detail.code).toBe("AADSTS53003");
  });

  it("treats AADSTS50076 (MFA required by CA) as blocked by Conditional Access", () => {
    expect(classifyEntraError({ path: "delegated", message: `AADSTS50076: Due to a configuration change…${TRACE}` }).problem).toBe("blocked-by-ca");
  });

  it("reads msal error objects and passes GraphFailures through", () => {
    const msalLike = Object.assign(new Error("invalid_grant: AADSTS65001: not consented"), {
      errorCode: "invalid_grant",
      errorMessage: "AADSTS65001: not consented",
      subError: "consent_required",
    });
    expect(classifyMsalError(msalLike, "delegated").problem).toBe("no-consent");
    const g = new GraphFailure("throttled", "x");
    expect(classifyMsalError(g, "app-only")).toBe(g);
  });
});

describe("classifyGraphError (Graph HTTP errors)", () => {
  it.each([
    [
      { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
      "missing-role",
      /Conditional Access Administrator/,
    ],
    // A 403 is never "no licence" by its text: the service plans decide (access-facts.ts).
    [
      { status: 403, code: "Forbidden", message: "Your tenant is not licensed for this feature. Conditional Access requires Microsoft Entra ID P1 or P2." },
      "missing-role",
      /Forbidden: Your tenant is not licensed/,
    ],
    [
      {
        status: 400,
        code: "BadRequest",
        message: "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.",
      },
      "security-defaults",
      /Security defaults are on/,
    ],
    [{ status: 429, code: "TooManyRequests", message: "Please retry again later." }, "throttled", /throttling/],
    [{ status: 503, code: "ServiceUnavailable", message: "The service is temporarily unavailable." }, "unavailable", /unavailable/],
    [{ status: 504, code: "GatewayTimeout" }, "unavailable", /504/],
    [{ status: 404, code: "ResourceNotFound", message: "Policy not found." }, "not-found", /Policy not found/],
    [
      { status: 400, code: "BadRequest", message: "1007: Incoming ConditionalAccessPolicy object is null or does not match the schema" },
      "conflict",
      /1007: Incoming/,
    ],
    [{ status: 400, code: "BadRequest", message: "The server could not process the request", innerMessage: "1104: 'timeBased' value…" }, "conflict", /1104/],
    [{ status: 401, code: "InvalidAuthenticationToken", message: "Lifetime validation failed, the token is expired." }, "not-connected", /token/],
    [{ status: 418, code: "Teapot" }, "unknown", /418/],
  ] as const)("%# -> %s", (input, problem, text) => {
    const f = classifyGraphError({ ...input, requestId: "rid", clientRequestId: "cid", action: "changing policy p" });
    expect(f.problem).toBe(problem);
    expect(f.message).toMatch(text);
    expect(f.detail).toMatchObject({ status: input.status, requestId: "rid", clientRequestId: "cid" });
  });

  it("turns a network error into unavailable with its cause", () => {
    const err = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    const f = networkFailure(err, "cid", "reading the policies");
    expect(f.problem).toBe("unavailable");
    expect(f.message).toContain("ECONNREFUSED");
    expect(f.detail.clientRequestId).toBe("cid");
  });
});

describe("helpers", () => {
  it("reads AADSTS numbers, claims challenges and strips trace blocks", () => {
    expect(aadstsCode("invalid_grant: AADSTS53003: blocked")).toBe(53003);
    expect(aadstsCode("no code")).toBeUndefined();
    expect(caPolicyIds('{"access_token":{"capolids":{"essential":true,"values":["a","b"]}}}')).toEqual(["a", "b"]);
    expect(caPolicyIds("not json")).toEqual([]);
    expect(readableEntraText(`AADSTS1: x${TRACE}`)).toBe("AADSTS1: x");
  });
});

describe("token-level checks", () => {
  it("reports an undecryptable token cache as not-connected, in words", () => {
    const f = classifyMsalError(new SealError("the sealed value was altered"), "delegated");
    expect(f.problem).toBe("not-connected");
    expect(f.message).toContain("ENCRYPTION_KEY");
  });

  it("reads the roles of an app-only access token (none when the app holds no permission)", () => {
    const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
    expect(accessTokenRoles(jwt({ roles: ["Policy.Read.All", 3] }))).toEqual(["Policy.Read.All"]);
    expect(accessTokenRoles(jwt({ scp: "x" }))).toEqual([]);
    expect(accessTokenRoles("opaque-token")).toBeNull();
  });
});
