import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { latestFleetCheck } from "@/lib/proof";

export const dynamic = "force-dynamic";

/** The latest fleet-wide proof of access, counted over the caller's tenants only (lib/proof/fleet-check.ts). */
export async function GET() {
  const who = await signedIn();
  if (who instanceof Response) return who;
  return Response.json({ check: await latestFleetCheck(db(), who.scope) }, { headers: { "Cache-Control": "no-store" } });
}
