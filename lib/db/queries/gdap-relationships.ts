// The tenant page's GDAP card: every relationship the partner has with one customer, as the last
// sync read them (lib/sync). Pages never call Graph.
import "server-only";
import { inScope, type TenantScope } from "../../auth/scope";
import { ROLE_NAMES } from "../../ca/well-known-names";
import { renewalOf } from "../../sync/gdap-summary";
import type { PrismaClient } from "../generated/client";

export interface RelationshipRow {
  id: string;
  displayName: string;
  status: string;
  /** Role names (Microsoft's built-in role names; an unknown template id stays as it is). */
  roles: string[];
  createdAt: string | null;
  activatedAt: string | null;
  endsAt: string | null;
  /** "renews by 180 days", "does not renew", or null when Graph did not say. */
  renewal: string | null;
}

/** The customer's relationships, the ones giving access first, then newest; [] outside `scope`. */
export async function relationshipsOf(prisma: PrismaClient, tenantId: string, scope: TenantScope): Promise<RelationshipRow[]> {
  if (!inScope(scope, tenantId)) return [];
  const rows = await prisma.gdapRelationship.findMany({ where: { tenantId: tenantId.toLowerCase() } });
  const live = (s: string) => (s === "active" || s === "expiring" ? 0 : 1);
  return rows
    .sort((a, b) => live(a.status) - live(b.status) || (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .map((r) => ({
      id: r.id,
      displayName: r.displayName,
      status: r.status,
      roles: r.roleIds.map((id) => ROLE_NAMES[id] ?? id),
      createdAt: r.createdAt?.toISOString() ?? null,
      activatedAt: r.activatedAt?.toISOString() ?? null,
      endsAt: r.endsAt?.toISOString() ?? null,
      renewal: renewalOf(r.autoExtendDuration),
    }));
}
