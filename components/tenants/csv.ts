// The tenants CSV's columns, in the grid's words (pure): the download of every tenant that matches
// the page's search and preset (GET /api/tenants/csv) writes this header and a line of these cells per tenant.
import type { TenantRow } from "@/lib/db/queries/tenants";
import { accessLabel } from "./access";
import { signInLabel } from "./sign-in";

const COLUMNS: [header: string, cell: (r: TenantRow) => string | number | null][] = [
  ["Tenant", (r) => r.displayName],
  ["Tenant id", (r) => r.id],
  ["GDAP", (r) => r.gdapStatus],
  ["GDAP warning", (r) => r.gdapWarning],
  ["Access ends", (r) => r.gdapEndsAt],
  ["Roles granted", (r) => r.gdapRoles.join("; ")],
  ["Access", (r) => accessLabel(r.accessHealth).label],
  ["Reason", (r) => r.accessReason],
  ["GDAP sign-in", (r) => signInLabel(r.signInVerdict).label],
  ["Sign-in checked", (r) => r.signInCheckedAt],
  ["Policies", (r) => r.policyCount],
  ["Need fix", (r) => r.needsFixCount],
  ["Need review", (r) => r.needsReviewCount],
  ["Last synced", (r) => r.lastSyncedAt],
  ["Last sync error", (r) => r.lastSyncError],
  ["Last change", (r) => r.lastChangeAt],
];

export const TENANTS_CSV_HEADER: readonly string[] = COLUMNS.map(([header]) => header);

export const tenantCsvCells = (row: TenantRow): (string | number | null)[] => COLUMNS.map(([, cell]) => cell(row));
