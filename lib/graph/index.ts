// Graph access: the only code in the portal that talks to Microsoft Graph and Entra ID for tenants.
import "server-only";

export {
  GraphFailure,
  RequestNotSent,
  type SendGuard,
  type AccessPath,
  type GraphPolicy,
  type GraphWriteResult,
  type TenantGraph,
  type TenantProblem,
} from "./tenant-graph";
export { tenantGraph, type TenantGraphOptions } from "./graph-tenant";
export { partnerGraph } from "./partner-graph-client";
export type { GdapRelationship, PartnerGraph } from "./partner-graph";
export { graphSettings, DEFAULT_RETRY, type GraphSettings, type RetryPolicy } from "./settings";
export {
  CONNECT_COOKIE,
  ConnectError,
  connectRedirectUri,
  connectedAccountId,
  connectionHealth,
  disconnect,
  finishConnect,
  startConnect,
  type ConnectedAccount,
  type ConnectionHealth,
} from "./connection";
