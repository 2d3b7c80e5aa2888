// Readiness for a load balancer: 200 when this process can serve (database reachable, migrations
// applied, not stopping), 503 otherwise. Anyone may ask; only signed-in staff learn why not.
import { currentUser } from "@/lib/auth/request";
import { currentReadiness } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const r = await currentReadiness();
  const staff = r.ok ? null : await currentUser().catch(() => null);
  return Response.json(staff ? r : { ok: r.ok }, { status: r.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
