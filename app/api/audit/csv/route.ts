// The audit log as CSV, with the audit page's filters (admins only).
import { recordAudit } from "@/lib/audit/record";
import { AUDIT_CSV_LIMIT, auditCsv, parseAuditQuery } from "@/lib/audit/read";
import { clientIp, currentUser } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Not signed in." }, { status: 401, headers: NO_STORE });
  if (!allows(user.role, "admin")) {
    await recordAudit(db(), {
      action: "audit-csv",
      result: "denied",
      actor: user,
      ip: await clientIp(),
      detail: { reason: "requires admin", role: user.role },
    });
    return Response.json({ error: "Only an admin can read the audit log." }, { status: 403, headers: NO_STORE });
  }
  const query = parseAuditQuery(new URL(request.url).searchParams);
  if (!query.success) {
    const problems = query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`);
    return Response.json({ error: `The filters are not valid: ${problems.join("; ")}.` }, { status: 400, headers: NO_STORE });
  }
  const { csv, rows, truncated } = await auditCsv(db(), query.data);
  await recordAudit(db(), { action: "audit-csv", result: "success", actor: user, ip: await clientIp(), detail: { rows: String(rows) } });
  return new Response(csv, {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log.csv"`,
      // More rows matched than one CSV holds: the newest are in it.
      ...(truncated ? { "X-Audit-Truncated": `the newest ${AUDIT_CSV_LIMIT} of more events; narrow the filters` } : {}),
    },
  });
}
