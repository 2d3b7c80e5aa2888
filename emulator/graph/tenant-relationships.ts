// The partner's GDAP view and contracts (docs/graph-contract.md §6.4, §6.5): delegatedAdminRelationships (+
// accessAssignments), delegatedAdminCustomers, /contracts. They exist in the partner tenant; in a
// customer tenant the collections are empty, as they would be for a tenant with no customers.
import type { GdapRelationship } from "../fleet/model";
import { graphError } from "../http/response";
import type { Router } from "../http/router";
import { relationshipRoles } from "../fleet/gdap";
import { listCollection } from "./collection";
import { CONTRACTS_READ, GDAP_CUSTOMERS_READ, GDAP_READ } from "./permissions";
import type { RouteContext, RouteDef } from "./types";

const REL = "/tenantRelationships/delegatedAdminRelationships";
const CUSTOMERS = "/tenantRelationships/delegatedAdminCustomers";

function etag(r: GdapRelationship): string {
  return `W/"${Buffer.from(r.lastModifiedDateTime).toString("base64").slice(0, 24)}"`;
}

export function relationshipJson(r: GdapRelationship): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
    "@odata.etag": etag(r),
    id: r.id,
    displayName: r.displayName,
    duration: r.duration,
    customer: { tenantId: r.customerTenantId, displayName: r.customerDisplayName },
    accessDetails: { unifiedRoles: relationshipRoles(r).map((roleDefinitionId) => ({ roleDefinitionId })) },
    status: r.status,
    autoExtendDuration: r.autoExtendDuration,
    createdDateTime: r.createdDateTime,
    lastModifiedDateTime: r.lastModifiedDateTime,
    activatedDateTime: r.activatedDateTime,
    endDateTime: r.endDateTime,
  };
}

function partnerRelationships(ctx: RouteContext): GdapRelationship[] {
  return ctx.caller.tenant.id === ctx.fleet.partner.id ? ctx.fleet.relationships : [];
}

function findRelationship(ctx: RouteContext): GdapRelationship | undefined {
  return partnerRelationships(ctx).find((r) => r.id === ctx.params.id);
}

const notFound = (ctx: RouteContext) => graphError(404, "NotFound", `The delegated admin relationship with id '${ctx.params.id}' was not found.`, ctx.req);

const list: RouteDef = {
  requirement: GDAP_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count", "$orderby"],
  handler: (ctx) =>
    listCollection(ctx, partnerRelationships(ctx).map(relationshipJson), {
      typeName: "delegatedAdminRelationship",
      contextPath: "tenantRelationships/delegatedAdminRelationships",
      defaultPageSize: 300,
      maxPageSize: 300,
      filterable: ["id", "status", "displayName", "customer/tenantId", "customer/displayName"],
      orderable: ["status", "displayName", "endDateTime", "createdDateTime"],
    }),
};

const get: RouteDef = {
  requirement: GDAP_READ,
  handler: (ctx) => {
    const r = findRelationship(ctx);
    if (!r) return notFound(ctx);
    return {
      status: 200,
      body: { "@odata.context": `${ctx.versionBase}/$metadata#tenantRelationships/delegatedAdminRelationships/$entity`, ...relationshipJson(r) },
    };
  },
};

const assignments: RouteDef = {
  requirement: GDAP_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count"],
  handler: (ctx) => {
    const r = findRelationship(ctx);
    if (!r) return notFound(ctx);
    const rows = r.accessAssignments.map((a) => ({
      "@odata.etag": `W/"${Buffer.from(a.lastModifiedDateTime).toString("base64").slice(0, 24)}"`,
      id: a.id,
      status: a.status,
      createdDateTime: a.createdDateTime,
      lastModifiedDateTime: a.lastModifiedDateTime,
      accessContainer: { accessContainerId: a.groupId, accessContainerType: "securityGroup" },
      accessDetails: { unifiedRoles: a.roleTemplateIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    }));
    return listCollection(ctx, rows, {
      typeName: "delegatedAdminAccessAssignment",
      contextPath: `tenantRelationships/delegatedAdminRelationships('${r.id}')/accessAssignments`,
      defaultPageSize: 300,
      maxPageSize: 300,
      filterable: ["id", "status"],
    });
  },
};

function customers(ctx: RouteContext): Record<string, unknown>[] {
  const seen = new Map<string, Record<string, unknown>>();
  for (const r of partnerRelationships(ctx)) {
    if (seen.has(r.customerTenantId)) continue;
    seen.set(r.customerTenantId, {
      "@odata.type": "#microsoft.graph.delegatedAdminCustomer",
      "@odata.etag": etag(r),
      id: r.customerTenantId,
      tenantId: r.customerTenantId,
      displayName: r.customerDisplayName,
    });
  }
  return [...seen.values()];
}

const customerList: RouteDef = {
  requirement: GDAP_CUSTOMERS_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count"],
  handler: (ctx) =>
    listCollection(ctx, customers(ctx), {
      typeName: "delegatedAdminCustomer",
      contextPath: "tenantRelationships/delegatedAdminCustomers",
      defaultPageSize: 300,
      maxPageSize: 300,
      filterable: ["id", "tenantId", "displayName"],
    }),
};

const customerGet: RouteDef = {
  requirement: GDAP_CUSTOMERS_READ,
  handler: (ctx) => {
    const c = customers(ctx).find((x) => x.id === ctx.params.id);
    if (!c) return graphError(404, "NotFound", `The delegated admin customer with id '${ctx.params.id}' was not found.`, ctx.req);
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#tenantRelationships/delegatedAdminCustomers/$entity`, ...c } };
  },
};

const contracts: RouteDef = {
  requirement: CONTRACTS_READ,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count"],
  handler: (ctx) => {
    const rows = ctx.caller.tenant.id === ctx.fleet.partner.id ? ctx.fleet.contracts().map((c) => ({ ...c })) : [];
    return listCollection(ctx, rows, {
      typeName: "contract",
      contextPath: "contracts",
      defaultPageSize: 999,
      maxPageSize: 999,
      filterable: ["customerId", "defaultDomainName", "displayName"],
    });
  },
};

export function registerTenantRelationshipRoutes(router: Router<RouteDef>) {
  router.add("GET", REL, list).add("GET", `${REL}/:id`, get).add("GET", `${REL}/:id/accessAssignments`, assignments);
  router.add("GET", CUSTOMERS, customerList).add("GET", `${CUSTOMERS}/:id`, customerGet);
  router.add("GET", "/contracts", contracts);
}
