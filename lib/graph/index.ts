// Graph access: the only code in the portal that talks to Microsoft Graph and Entra ID for tenants.
import "server-only";

export {
  GraphFailure,
  RequestNotSent,
  type SendGuard,
  type AccessPath,
  type GraphPolicy,
  type GraphWriteResult,
  type NamedLocation,
  type TenantGraph,
  type TenantProblem,
  type WriteOptions,
} from "./tenant-graph-contract";
export { tenantGraph, type TenantGraphOptions } from "./tenant-graph-client";
export { partnerGraph } from "./partner-graph-client";
export type { GdapRelationship, PartnerGraph } from "./partner-graph-contract";
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
export { automationReadiness, type AutomationReadiness } from "./readiness";
