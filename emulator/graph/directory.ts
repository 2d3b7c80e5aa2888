// /organization, /users, /me (docs/graph-contract.md §6.2): the directory reads the portal makes to identify a
// tenant, check its licence up front, and find users by UPN or name.
import { graphError, type GraphResponse } from "../http/response";
import type { Router } from "../http/router";
import type { Tenant } from "../fleet/model";
import { userJson, USER_DEFAULT_PROPERTIES, USER_SELECTABLE, type FleetUser } from "../fleet/users";
import { listCollection, parseSelect, project, queryOption } from "./collection";
import { ME_READ, ORGANIZATION_READ, USERS_READ } from "./permissions";
import type { RouteContext, RouteDef } from "./types";

const AAD_PREMIUM_P1 = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
const AAD_PREMIUM_P2 = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

function organizationJson(t: Tenant, full: boolean): Record<string, unknown> {
  const plans = [
    ...(t.licences.entraP1
      ? [{ assignedDateTime: t.createdDateTime, capabilityStatus: "Enabled", service: "AADPremiumService", servicePlanId: AAD_PREMIUM_P1 }]
      : []),
    ...(t.licences.entraP2
      ? [{ assignedDateTime: t.createdDateTime, capabilityStatus: "Enabled", service: "AADPremiumService", servicePlanId: AAD_PREMIUM_P2 }]
      : []),
  ];
  const verifiedDomains = [{ capabilities: "Email, OfficeCommunicationsOnline", isDefault: true, isInitial: true, name: t.defaultDomain, type: "Managed" }];
  return {
    id: t.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: full ? t.countryLetterCode : null,
    createdDateTime: full ? t.createdDateTime : null,
    displayName: t.displayName,
    partnerTenantType: full && t.kind === "partner" ? "resellerPartnerDelegatedAdmin" : null,
    postalCode: null,
    preferredLanguage: full ? "en" : null,
    state: null,
    street: null,
    tenantType: "AAD",
    technicalNotificationMails: full ? [`admin@${t.defaultDomain}`] : [],
    assignedPlans: full ? plans : [],
    provisionedPlans: [],
    verifiedDomains,
  };
}

/** A delegated caller with only User.Read sees the basic organization fields (docs/graph-contract.md §6.2). */
function fullOrganization(ctx: RouteContext): boolean {
  const p = ctx.caller.permissions;
  return ["Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"].some((x) => p.has(x));
}

const organizationList: RouteDef = {
  requirement: ORGANIZATION_READ,
  queryOptions: ["$select"],
  handler: (ctx) =>
    listCollection(ctx, [organizationJson(ctx.caller.tenant, fullOrganization(ctx))], {
      typeName: "organization",
      contextPath: "organization",
      defaultPageSize: 1,
      maxPageSize: 1,
    }),
};

const organizationGet: RouteDef = {
  requirement: ORGANIZATION_READ,
  queryOptions: ["$select"],
  handler: (ctx) => {
    if (ctx.params.id !== ctx.caller.tenant.id)
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`,
        ctx.req,
      );
    const org = organizationJson(ctx.caller.tenant, fullOrganization(ctx));
    const fields = parseSelect(ctx, undefined, org, "organization");
    if (fields && !Array.isArray(fields)) return fields;
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#organization/$entity`, ...project(org, fields) } };
  },
};

function defaultUser(u: FleetUser): Record<string, unknown> {
  const full = userJson(u);
  return project(full, [...USER_DEFAULT_PROPERTIES]);
}

function userOut(ctx: RouteContext, u: FleetUser): Record<string, unknown> | GraphResponse {
  if (queryOption(ctx.req.query, "$select") === null) return defaultUser(u);
  const fields = parseSelect(ctx, USER_SELECTABLE, undefined, "user");
  if (fields && !Array.isArray(fields)) return fields;
  return project(userJson(u), fields);
}

const usersList: RouteDef = {
  requirement: USERS_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count", "$orderby", "$search"],
  handler: (ctx) => {
    if (queryOption(ctx.req.query, "$search") !== null) {
      return graphError(
        400,
        "Request_UnsupportedQuery",
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        ctx.req,
      );
    }
    const users = ctx.fleet.content(ctx.caller.tenant).users as FleetUser[];
    const select = queryOption(ctx.req.query, "$select");
    const rows = users.map((u) => userJson(u));
    const res = listCollection(ctx, rows, {
      typeName: "user",
      contextPath: "users",
      defaultPageSize: 100,
      maxPageSize: 999,
      filterable: ["userPrincipalName", "displayName", "id", "mail", "accountEnabled", "userType", "givenName", "surname"],
      orderable: ["displayName", "userPrincipalName"],
      selectable: USER_SELECTABLE,
    });
    if (select === null && res.status === 200) {
      const body = res.body as { value: Record<string, unknown>[] };
      body.value = body.value.map((u) => project(u, [...USER_DEFAULT_PROPERTIES]));
    }
    return res;
  },
};

function findUser(ctx: RouteContext, idOrUpn: string): FleetUser | undefined {
  const content = ctx.fleet.content(ctx.caller.tenant);
  const byId = content.usersById.get(idOrUpn) as FleetUser | undefined;
  if (byId) return byId;
  const upn = idOrUpn.toLowerCase();
  return (content.users as FleetUser[]).find((u) => u.userPrincipalName.toLowerCase() === upn);
}

const userGet: RouteDef = {
  requirement: USERS_READ,
  queryOptions: ["$select"],
  handler: (ctx) => {
    const u = findUser(ctx, ctx.params.id ?? "");
    if (!u)
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`,
        ctx.req,
      );
    const out = userOut(ctx, u);
    if ("status" in out && "body" in out && typeof out.status === "number") return out as GraphResponse;
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#users/$entity`, ...out } };
  },
};

const me: RouteDef = {
  requirement: ME_READ,
  queryOptions: ["$select"],
  handler: (ctx) => {
    // A GDAP technician has no user object in the customer tenant (docs/graph-contract.md §2.6).
    const u = ctx.caller.isMember && ctx.caller.userId ? findUser(ctx, ctx.caller.userId) : undefined;
    if (!u)
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${ctx.caller.userId ?? ""}' does not exist or one of its queried reference-property objects are not present.`,
        ctx.req,
      );
    const out = userOut(ctx, u);
    if ("status" in out && "body" in out && typeof out.status === "number") return out as GraphResponse;
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#users/$entity`, ...out } };
  },
};

export function registerDirectoryRoutes(router: Router<RouteDef>) {
  router.add("GET", "/organization", organizationList).add("GET", "/organization/:id", organizationGet);
  router.add("GET", "/users", usersList).add("GET", "/users/:id", userGet).add("GET", "/me", me);
}
