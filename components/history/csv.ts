// History's CSV columns, in the grid's words (pure): the download of every change that matches the
// filters (GET /api/history/csv) writes this header and a line of these cells per change. The grid's
// columns in its order (hidden ones too), and the ids a spreadsheet joins on.
import type { ChangeRow } from "@/lib/db/queries/history";
import { actionLabel, apiVersionOf, runKindLabel } from "./labels";

const COLUMNS: [header: string, cell: (r: ChangeRow) => string | number | null][] = [
  ["When", (r) => r.at],
  ["Tenant", (r) => r.tenantName],
  ["Tenant id", (r) => r.tenantId],
  ["Policy", (r) => r.policyName],
  ["Policy id", (r) => r.policyId],
  ["Action", (r) => actionLabel(r.action)],
  ["Result", (r) => r.result],
  ["Graph", (r) => r.graphStatus],
  ["API", (r) => apiVersionOf(r.request)],
  ["Proof of access", (r) => r.proof],
  ["By", (r) => r.by],
  ["Request", (r) => r.request],
  ["Reason", (r) => r.reason],
  ["Error", (r) => r.error],
  ["Graph request id", (r) => r.graphRequestId],
  ["Run", (r) => runKindLabel(r.runKind)],
  ["Run id", (r) => r.runId],
  ["Ticket", (r) => r.ticket],
];

export const HISTORY_CSV_HEADER: readonly string[] = COLUMNS.map(([header]) => header);

export const changeCsvCells = (row: ChangeRow): (string | number | null)[] => COLUMNS.map(([, cell]) => cell(row));
