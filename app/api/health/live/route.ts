// Liveness for a load balancer or an orchestrator: the process answers HTTP. Nothing else is checked,
// so a database outage never gets healthy portal processes restarted (readiness takes them out instead).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
