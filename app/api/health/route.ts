// Health for load balancers and monitors: 200 when healthy, 503 when not. Without a session the body
// says only that; the details (database host and server version, migrations, worker hosts, the
// configured cloud, raw errors) are for signed-in staff.
import { currentUser } from "@/lib/auth/request";
import { currentHealth, publicHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await currentHealth();
  const body = (await currentUser()) ? report : publicHealth(report);
  return Response.json(body, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
