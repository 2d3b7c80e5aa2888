// Types shared by the Graph face's handlers: one Graph request (plain or a $batch item), the
// authenticated caller, and a route's declaration (permissions, licence, throttling class).
import type { Fleet } from "../fleet/fleet";
import type { Tenant } from "../fleet/model";
import type { GraphResponse } from "../http/response";

export type ApiVersion = "v1.0" | "beta";

export interface GraphRequest {
  method: string;
  path: string; // relative to the version, no query
  query: URLSearchParams;
  rawQuery: string;
  headers: Record<string, string>; // lower-cased names
  body: unknown; // parsed JSON, or undefined
  apiVersion: ApiVersion;
  requestId: string;
  clientRequestId: string;
}

export interface Caller {
  tenant: Tenant;
  appId: string;
  kind: "app" | "user";
  userId: string | null;
  upn: string | null;
  permissions: Set<string>; // scp (delegated) or roles (app)
  wids: Set<string>;
  isMember: boolean; // delegated user from the token's own tenant (not a GDAP guest)
  label: string; // for the request log: "app" or "<oid> <upn>"
}

export interface RouteContext {
  req: GraphRequest;
  caller: Caller;
  params: Record<string, string>;
  fleet: Fleet;
  /** https://host:port/<version>, for @odata.context and nextLinks. */
  versionBase: string;
  /** Emulator-wide switches a handler may need (fault toggles). */
  v1RefusesEveryTimeForAllApps: boolean;
}

export interface Requirement {
  /** Any one inner list, all of its permissions (scp for delegated, roles for app-only). */
  permissions: string[][];
  /** Delegated callers also need one of these directory roles in the tenant (wids). */
  delegatedRoles?: readonly string[];
  /** Only for GDAP (non-member) delegated callers. */
  guestRoles?: readonly string[];
  appOnly?: boolean; // false: application permissions are not supported here
  /** The 403 error code Graph answers with when this requirement is not met (default Authorization_RequestDenied). */
  deniedCode?: "AccessDenied";
}

export interface RouteDef {
  requirement: Requirement;
  /** Conditional Access resources: need Entra ID P1 and share the 1 rps/tenant bucket. */
  conditionalAccess?: boolean;
  /** $-options the route accepts; others give 400. */
  queryOptions?: string[];
  handler: (ctx: RouteContext) => GraphResponse | Promise<GraphResponse>;
}
