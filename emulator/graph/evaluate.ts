// POST /identity/conditionalAccess/evaluate: Conditional Access What If
// (https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate, v1.0 and beta alike). Computed
// from the login face's own evaluation (login/ca-evaluation.ts, the code that issues AADSTS53003), so
// What If and a real GDAP sign-in can never disagree here. Only the identity a GDAP partner asks about
// is modelled: a `userSignIn` of the partner's service provider (externalTenantId +
// externalUserType serviceProvider, https://learn.microsoft.com/graph/api/resources/usersignin) into
// an app (`applicationContext`); other identities and contexts are a 400 (unverified, strict).
import { z } from "zod";
import { GRAPH_APP_ID } from "../contract";
import { givesAccess, relationshipRoles } from "../fleet/gdap";
import type { Fleet } from "../fleet/fleet";
import type { Tenant } from "../fleet/model";
import { graphError, type GraphResponse } from "../http/response";
import type { Router } from "../http/router";
import { policyApplies, type ClientAppType, type ResourceApp, type WhatIfReason } from "../login/ca-evaluation";
import { serializePolicy } from "./ca-policy";
import { CA_EVALUATE } from "./permissions";
import type { RouteDef } from "./types";

type Json = Record<string, unknown>;

/** Azure portal and Entra admin center: Windows Azure Service Management API (Conditional Access: Target resources). */
export const AZURE_MANAGEMENT_APP_ID = "797f4846-ba00-4fd7-ba43-dac1f8f63013";

/**
 * App groups a policy can name (conditionalAccessApplications: Office365, MicrosoftAdminPortals,
 * https://learn.microsoft.com/graph/api/resources/conditionalaccessapplications): Microsoft Admin
 * Portals covers the Azure portal and the Entra admin center; Office 365 is taken to cover Microsoft
 * Graph, as the real sign-in's evaluation does.
 */
const APP_GROUPS_OF: Readonly<Record<string, readonly string[]>> = {
  [AZURE_MANAGEMENT_APP_ID]: ["MicrosoftAdminPortals"],
  [GRAPH_APP_ID]: ["Office365"],
};

// signInConditions (https://learn.microsoft.com/graph/api/resources/signinconditions): the enums as documented.
const CLIENT_APP = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"] as const;
const PLATFORM = ["android", "iOS", "windows", "windowsPhone", "macOS", "linux", "all"] as const;
const RISK = ["low", "medium", "high", "hidden", "none"] as const;

const body = z
  .object({
    signInIdentity: z.object({
      "@odata.type": z.literal("#microsoft.graph.userSignIn"),
      userId: z.string().nullable().optional(),
      externalTenantId: z.string().nullable().optional(),
      externalUserType: z.string().nullable().optional(),
    }),
    signInContext: z.object({
      "@odata.type": z.literal("#microsoft.graph.applicationContext"),
      includeApplications: z.array(z.string()).min(1),
    }),
    signInConditions: z
      .object({
        "@odata.type": z.literal("#microsoft.graph.signInConditions").optional(),
        clientAppType: z.enum(CLIENT_APP).optional(),
        devicePlatform: z.enum(PLATFORM).optional(),
        ipAddress: z.string().optional(),
        country: z.string().optional(),
        userRiskLevel: z.enum(RISK).optional(),
        signInRiskLevel: z.enum(RISK).optional(),
      })
      .strict(),
    appliedPoliciesOnly: z.boolean().optional(),
  })
  .strict();

export type EvaluateBody = z.infer<typeof body>;

/** What Graph answers for each policy of the tenant: the policy with `policyApplies` and `analysisReasons`. */
export function whatIf(
  policies: readonly unknown[],
  namedLocations: readonly unknown[],
  request: EvaluateBody,
  partner: { tenantId: string; gdapRoleTemplateIds: readonly string[] },
): { policy: Json; policyApplies: boolean; analysisReasons: WhatIfReason }[] {
  const identity = request.signInIdentity;
  const conditions = request.signInConditions;
  const isPartner = identity.externalUserType === "serviceProvider" && (identity.externalTenantId ?? "").toLowerCase() === partner.tenantId.toLowerCase();
  const resourceApps: ResourceApp[] = request.signInContext.includeApplications.map((id) => ({ id, groups: APP_GROUPS_OF[id.toLowerCase()] ?? [] }));
  const clientAppType = (conditions.clientAppType ?? "all") as ClientAppType;
  return policies.map((raw) => {
    const policy = raw as Json;
    if (policy.state === "disabled") return { policy, policyApplies: false, analysisReasons: "policyNotEnabled" as const };
    const result = policyApplies(policy, namedLocations, {
      userId: identity.userId ?? null,
      // The service provider's home tenant; a tenant the partner is not has no GDAP roles here.
      partnerTenantId: identity.externalUserType === "serviceProvider" ? (identity.externalTenantId ?? "") : "",
      roleTemplateIds: isPartner ? partner.gdapRoleTemplateIds : [],
      clientId: "",
      clientAppType,
      amr: [],
      ipAddress: conditions.ipAddress ?? null,
      resourceApps,
      devicePlatform: conditions.devicePlatform ?? null,
      country: conditions.country ?? null,
    });
    return { policy, policyApplies: result.applies, analysisReasons: result.reason };
  });
}

/**
 * Roles a GDAP token of the partner would carry in the tenant: What If names no technician, so every
 * role the partner's active relationships grant (unverified, strict: more policies apply, not fewer).
 */
export function partnerRolesIn(fleet: Fleet, tenant: Tenant): string[] {
  return [...new Set(fleet.relationshipsFor(tenant.id).filter(givesAccess).flatMap(relationshipRoles))];
}

const evaluate: RouteDef = {
  requirement: CA_EVALUATE,
  conditionalAccess: true,
  handler: (ctx): GraphResponse => {
    const parsed = body.safeParse(ctx.req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Graph's text for a body it cannot bind is not documented for this action: its generic 400 (unverified, strict).
      return graphError(400, "BadRequest", "The server could not process the request because it is malformed or incorrect.", ctx.req, {
        message: issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : "invalid body",
      });
    }
    const tenant = ctx.caller.tenant;
    const results = whatIf(ctx.fleet.policies(tenant.id), ctx.fleet.namedLocations(tenant.id), parsed.data, {
      tenantId: ctx.fleet.partner.id,
      gdapRoleTemplateIds: partnerRolesIn(ctx.fleet, tenant),
    });
    const value = results
      .filter((r) => !parsed.data.appliedPoliciesOnly || r.policyApplies)
      .map((r) => ({
        "@odata.type": "#microsoft.graph.whatIfAnalysisResult",
        ...serializePolicy(r.policy, ctx.versionBase),
        policyApplies: r.policyApplies,
        analysisReasons: r.analysisReasons,
      }));
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#Collection(microsoft.graph.whatIfAnalysisResult)`, value } };
  },
};

export function registerEvaluateRoutes(router: Router<RouteDef>) {
  router.add("POST", "/identity/conditionalAccess/evaluate", evaluate);
}
