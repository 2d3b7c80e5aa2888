// Which way into a customer tenant: delegated (GDAP, the connected automation account's refresh
// token redeemed at the customer's authority) or app-only (client credentials, where the customer
// consented the portal's app).
//
// Delegated first by default: it is how GDAP is meant to be used (the customer sees the partner's
// technician acting within the roles GDAP grants, and nothing has to be consented per customer).
// When delegated access is impossible for a reason that app-only does not share (Conditional Access
// blocks the GDAP sign-in, AADSTS53003 — precisely the situation the portal exists to fix —, the app
// is not consented for delegated use, the GDAP relationship is missing/expired/without assignment,
// or no account is connected) and app-only works, app-only is used and reported as `access:
// "app-only"`. Transient failures (throttled, unavailable) never switch paths: they are thrown.
// When neither works, the preferred path's reason is thrown: it is the one the admin has to fix.
import { GraphFailure, type AccessPath, type TenantProblem } from "./tenant-graph-contract";

const SWITCHABLE: ReadonlySet<TenantProblem> = new Set(["blocked-by-ca", "no-consent", "no-gdap", "gdap-inactive", "not-connected", "missing-role"]);

export interface AccessAttempt<T> {
  path: AccessPath;
  value: T;
  /** Why the preferred path was not used (only when `path` is the fallback). */
  fallbackFrom?: GraphFailure;
}

export async function chooseAccess<T>(prefer: AccessPath, attempts: Record<AccessPath, () => Promise<T>>): Promise<AccessAttempt<T>> {
  const order: AccessPath[] = prefer === "app-only" ? ["app-only", "delegated"] : ["delegated", "app-only"];
  const [first, second] = order as [AccessPath, AccessPath];
  let firstFailure: GraphFailure;
  try {
    return { path: first, value: await attempts[first]() };
  } catch (err) {
    if (!(err instanceof GraphFailure) || !SWITCHABLE.has(err.problem)) throw err;
    firstFailure = err;
  }
  try {
    return { path: second, value: await attempts[second](), fallbackFrom: firstFailure };
  } catch {
    throw firstFailure;
  }
}
