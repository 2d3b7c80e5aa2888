// /policies/identitySecurityDefaultsEnforcementPolicy GET/PATCH (docs/graph-contract.md §6.3). While security
// defaults are on, enabling a CA policy fails (ca-rules); enabling them while CA policies are
// enabled is refused here, as the Entra admin centre refuses it.
import { graphError } from "../http/response";
import type { Router } from "../http/router";
import { SECURITY_DEFAULTS_READ, SECURITY_DEFAULTS_WRITE } from "./permissions";
import { validateGraphValue } from "./schema";
import type { RouteDef } from "./types";

const PATH = "/policies/identitySecurityDefaultsEnforcementPolicy";

const get: RouteDef = {
  requirement: SECURITY_DEFAULTS_READ,
  queryOptions: ["$select"],
  handler: (ctx) => ({
    status: 200,
    body: {
      "@odata.context": `${ctx.versionBase}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
      id: "00000000-0000-0000-0000-000000000005",
      displayName: "Security Defaults",
      description:
        "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.",
      isEnabled: ctx.caller.tenant.securityDefaults,
    },
  }),
};

const update: RouteDef = {
  requirement: SECURITY_DEFAULTS_WRITE,
  handler: (ctx) => {
    const body = ctx.req.body as Record<string, unknown>;
    const issues = validateGraphValue("identitySecurityDefaultsEnforcementPolicy", body, { mode: "update" });
    if (issues.length > 0) {
      return graphError(400, "BadRequest", `Invalid request body: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, ctx.req);
    }
    if (body.isEnabled === true && !ctx.caller.tenant.securityDefaults) {
      const enabled = [...ctx.fleet.content(ctx.caller.tenant).policies.values()].some((p) => p.state === "enabled");
      if (enabled) return graphError(400, "BadRequest", "Security defaults cannot be enabled while Conditional Access policies are enabled.", ctx.req);
    }
    if (typeof body.isEnabled === "boolean") ctx.caller.tenant.securityDefaults = body.isEnabled;
    return { status: 204 };
  },
};

export function registerSecurityDefaultsRoutes(router: Router<RouteDef>) {
  router.add("GET", PATH, get).add("PATCH", PATH, update);
}
