import { currentUser } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

/** Who is signed in (for the browser); 401 without a valid session. */
export async function GET() {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Not signed in." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  return Response.json({ upn: user.upn, displayName: user.displayName, role: user.role }, { headers: { "Cache-Control": "no-store" } });
}
