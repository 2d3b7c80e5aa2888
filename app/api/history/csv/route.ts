// Every change that matches history's filters, in the grid's order, as a CSV download (issue 19):
// streamed a batch at a time, so a fleet's history starts arriving at once and is never held whole
// in memory. Only changes the caller may see; the download is audited.
import { changeCsvCells, HISTORY_CSV_HEADER } from "@/components/history/csv";
import { recordAudit } from "@/lib/audit/record";
import { clientIp, signedInWithQuery } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { historyPartner } from "@/lib/db/queries/history";
import { changeRowBatches, historyCsvQuery } from "@/lib/db/queries/history-csv";
import { parseHistoryQuery } from "@/lib/db/queries/history-page";
import { csvDownload } from "@/lib/runs/csv-stream";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const who = await signedInWithQuery(request, (params) => parseHistoryQuery(historyCsvQuery, params));
  if (who instanceof Response) return who;
  const { sort: _sort, dir: _dir, ...filters } = who.query;
  await recordAudit(db(), { action: "history-csv", result: "success", actor: who.user, ip: await clientIp(), detail: filters });
  const partner = await historyPartner(db(), config().partnerTenantId);
  return csvDownload({
    header: HISTORY_CSV_HEADER,
    batches: changeRowBatches(db(), who.scope, who.query, partner),
    cells: changeCsvCells,
    fileName: "remediation-history.csv",
  });
}
