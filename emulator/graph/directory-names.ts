// The reads that name what policies point at (emulator/README.md, behaviour table rows `names-*`):
// directoryObjects/getByIds, role definitions, a service principal by appId, terms-of-use agreements,
// authentication contexts, and tenantRelationships/findTenantInformationByTenantId. v1.0 shapes.
import { graphError, type GraphResponse } from "../http/response";
import type { Router } from "../http/router";
import type { Group, Json } from "../fleet/model";
import { BUILT_IN_ROLES } from "../fleet/built-in-roles";
import { userJson, USER_DEFAULT_PROPERTIES, type FleetUser } from "../fleet/users";
import { listCollection, parseSelect, project } from "./collection";
import {
  AGREEMENTS_READ,
  AUTHENTICATION_CONTEXTS_READ,
  DIRECTORY_READ,
  ROLE_DEFINITIONS_READ,
  SERVICE_PRINCIPALS_READ,
  TENANT_INFORMATION_READ,
} from "./permissions";
import type { RouteContext, RouteDef } from "./types";

/** getByIds: "up to 1000" ids (learn.microsoft.com/graph/api/directoryobject-getbyids); more is a 400 (its text: unverified, strict). */
export const GET_BY_IDS_LIMIT = 1000;

function groupJson(g: Group): Json {
  return {
    "@odata.type": "#microsoft.graph.group",
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: null,
    description: null,
    displayName: g.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "group",
    securityEnabled: true,
    visibility: null,
  };
}

function userObject(u: FleetUser): Json {
  return { "@odata.type": "#microsoft.graph.user", ...project(userJson(u), [...USER_DEFAULT_PROPERTIES]) };
}

const getByIds: RouteDef = {
  requirement: DIRECTORY_READ,
  handler: (ctx) => {
    const body = ctx.req.body as { ids?: unknown; types?: unknown } | undefined;
    const ids = body?.ids;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) {
      return graphError(400, "Request_BadRequest", "Invalid value specified for property 'ids' of resource 'DirectoryObject'.", ctx.req);
    }
    if (ids.length > GET_BY_IDS_LIMIT) return graphError(400, "Request_BadRequest", `The number of ids exceeds the limit of ${GET_BY_IDS_LIMIT}.`, ctx.req);
    const types = Array.isArray(body?.types) ? new Set((body.types as unknown[]).map((t) => String(t).toLowerCase())) : null;
    const wants = (type: string) => types === null || types.has(type);
    const content = ctx.fleet.content(ctx.caller.tenant);
    const extras = ctx.fleet.extras(ctx.caller.tenant);
    const value: Json[] = [];
    // Ids Graph does not know (deleted, or another tenant's) are left out of the answer, without an error.
    for (const raw of ids as string[]) {
      const id = raw.toLowerCase();
      const user = content.usersById.get(id) as FleetUser | undefined;
      if (user && wants("user")) {
        value.push(userObject(user));
        continue;
      }
      const group = content.groups.find((g) => g.id === id);
      if (group && wants("group")) {
        value.push(groupJson(group));
        continue;
      }
      const sp = [...extras.servicePrincipals.values()].find((s) => s.id === id);
      if (sp && wants("serviceprincipal")) value.push({ "@odata.type": "#microsoft.graph.servicePrincipal", ...sp });
    }
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#directoryObjects`, value } };
  },
};

function roleDefinitions(ctx: RouteContext): Json[] {
  const builtIn = BUILT_IN_ROLES.map(([templateId, displayName]) => ({
    id: templateId,
    description: null,
    displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ["/"],
    templateId,
    version: "1",
    rolePermissions: [],
  }));
  return [...builtIn, ...ctx.fleet.extras(ctx.caller.tenant).customRoles];
}

const roleDefinitionList: RouteDef = {
  requirement: ROLE_DEFINITIONS_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count"],
  handler: (ctx) =>
    listCollection(ctx, roleDefinitions(ctx), {
      typeName: "unifiedRoleDefinition",
      contextPath: "roleManagement/directory/roleDefinitions",
      defaultPageSize: 1000,
      maxPageSize: 1000,
      filterable: ["id", "displayName", "templateId", "isBuiltIn"],
    }),
};

const servicePrincipalByAppId: RouteDef = {
  requirement: SERVICE_PRINCIPALS_READ,
  queryOptions: ["$select"],
  handler: (ctx) => {
    const appId = (ctx.params.appid ?? "").toLowerCase();
    const sp = ctx.fleet.extras(ctx.caller.tenant).servicePrincipals.get(appId);
    if (!sp) {
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`,
        ctx.req,
      );
    }
    const fields = parseSelect(ctx, undefined, sp, "servicePrincipal");
    if (fields && !Array.isArray(fields)) return fields;
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#servicePrincipals/$entity`, ...project(sp, fields) } };
  },
};

const agreementList: RouteDef = {
  requirement: AGREEMENTS_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken"],
  handler: (ctx) =>
    listCollection(ctx, [...ctx.fleet.extras(ctx.caller.tenant).agreements.values()], {
      typeName: "agreement",
      contextPath: "identityGovernance/termsOfUse/agreements",
      defaultPageSize: 100,
      maxPageSize: 999,
      filterable: ["id", "displayName"],
    }),
};

const authenticationContextList: RouteDef = {
  requirement: AUTHENTICATION_CONTEXTS_READ,
  conditionalAccess: true,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken"],
  handler: (ctx) =>
    listCollection(ctx, ctx.fleet.extras(ctx.caller.tenant).authenticationContexts, {
      typeName: "authenticationContextClassReference",
      contextPath: "identity/conditionalAccess/authenticationContextClassReferences",
      defaultPageSize: 100,
      maxPageSize: 999,
      filterable: ["id", "displayName", "isAvailable"],
    }),
};

function tenantInformation(ctx: RouteContext, tenantId: string): GraphResponse {
  const id = tenantId.toLowerCase();
  const known = ctx.fleet.tenantById(id);
  const other = known ? undefined : ctx.fleet.otherPartnerName(id);
  if (!known && !other) {
    // Unverified, strict: Microsoft documents no answer for an unknown tenant id; a 404 makes the portal say "unknown tenant".
    return graphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      ctx.req,
    );
  }
  const displayName = known?.displayName ?? (other as string);
  const defaultDomainName = known?.defaultDomain ?? `${displayName.toLowerCase().replace(/[^a-z0-9]/g, "")}.onmicrosoft.com`;
  return {
    status: 200,
    body: {
      "@odata.context": `${ctx.versionBase}/$metadata#microsoft.graph.tenantInformation`,
      tenantId: id,
      federationBrandName: null,
      displayName,
      defaultDomainName,
    },
  };
}

const findTenantInformation: RouteDef = {
  requirement: TENANT_INFORMATION_READ,
  handler: (ctx) => tenantInformation(ctx, ctx.params.tenantid ?? ""),
};

export function registerDirectoryNameRoutes(router: Router<RouteDef>) {
  router.add("POST", "/directoryObjects/getByIds", getByIds);
  router.add("GET", "/roleManagement/directory/roleDefinitions", roleDefinitionList);
  router.add("GET", "/servicePrincipals(appId=':appid')", servicePrincipalByAppId);
  router.add("GET", "/identityGovernance/termsOfUse/agreements", agreementList);
  router.add("GET", "/identity/conditionalAccess/authenticationContextClassReferences", authenticationContextList);
  router.add("GET", "/tenantRelationships/findTenantInformationByTenantId(tenantId=':tenantid')", findTenantInformation);
}
