// /identity/conditionalAccess/namedLocations list/get (docs/graph-contract.md §6.1): Conditional Access
// resources, so they share the CA licence check and the per-tenant 1 rps bucket.
import { graphError } from "../http/response";
import type { Router } from "../http/router";
import { listCollection, parseSelect, project } from "./collection";
import { CA_READ } from "./permissions";
import type { RouteDef } from "./types";

const BASE = "/identity/conditionalAccess/namedLocations";

const list: RouteDef = {
  requirement: CA_READ,
  conditionalAccess: true,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count", "$orderby"],
  handler: (ctx) =>
    listCollection(ctx, [...ctx.fleet.content(ctx.caller.tenant).namedLocations.values()], {
      typeName: "namedLocation",
      contextPath: "identity/conditionalAccess/namedLocations",
      defaultPageSize: 100,
      maxPageSize: 999,
      filterable: ["id", "displayName"],
      orderable: ["displayName", "createdDateTime", "modifiedDateTime"],
    }),
};

const get: RouteDef = {
  requirement: CA_READ,
  conditionalAccess: true,
  queryOptions: ["$select"],
  handler: (ctx) => {
    const l = ctx.fleet.content(ctx.caller.tenant).namedLocations.get(ctx.params.id ?? "");
    if (!l) return graphError(404, "ResourceNotFound", `Named location with id '${ctx.params.id}' was not found.`, ctx.req);
    const fields = parseSelect(ctx, undefined, l, "namedLocation");
    if (fields && !Array.isArray(fields)) return fields;
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#identity/conditionalAccess/namedLocations/$entity`, ...project(l, fields) } };
  },
};

export function registerNamedLocationRoutes(router: Router<RouteDef>) {
  router.add("GET", BASE, list).add("GET", `${BASE}/:id`, get);
}
