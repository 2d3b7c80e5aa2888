// Compliance over time: when a sweep ends, every customer tenant's standing today is written (one
// statement; the day's last sweep wins), so the dashboard can chart, per day, the tenants fully
// protected, needing a fix, or unreachable, and those whose GDAP ends within 30 days; counted over
// the person's tenant scope when read.
import type { PrismaClient } from "../db/generated/client";

export const STANDINGS = ["protected", "needs-fix", "unreachable"] as const;
export type Standing = (typeof STANDINGS)[number];

/** Today's standing of every customer tenant, from what the latest reads stored. */
export async function recordTenantDays(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`
    insert into "TenantDay" ("day", "tenantId", "standing", "gdapExpiring")
    select current_date, id,
      case
        when coalesce("accessHealth", '') not in ('delegated', 'app-only') then 'unreachable'
        when coalesce("needsFixCount", 0) > 0 or coalesce("needsReviewCount", 0) > 0 then 'needs-fix'
        else 'protected'
      end,
      coalesce("gdapEndsAt" > now() and "gdapEndsAt" <= now() + interval '30 days', false)
    from "CustomerTenant"
    on conflict ("day", "tenantId") do update set "standing" = excluded."standing", "gdapExpiring" = excluded."gdapExpiring"`;
}

export interface ComplianceDay {
  /** YYYY-MM-DD */
  day: string;
  protected: number;
  needsFix: number;
  unreachable: number;
  gdapExpiring: number;
}

/** The last `days` days (oldest first) over the tenants the filter allows (null: all). Days without a sweep are left out. */
export async function complianceSeries(prisma: PrismaClient, tenantIds: readonly string[] | null, days = 30): Promise<ComplianceDay[]> {
  const rows = await prisma.tenantDay.groupBy({
    by: ["day", "standing", "gdapExpiring"],
    where: { day: { gte: new Date(Date.now() - (days - 1) * 86_400_000 - 86_400_000) }, ...(tenantIds ? { tenantId: { in: [...tenantIds] } } : {}) },
    _count: { _all: true },
    orderBy: { day: "asc" },
  });
  const byDay = new Map<string, ComplianceDay>();
  for (const r of rows) {
    const day = r.day.toISOString().slice(0, 10);
    const d = byDay.get(day) ?? { day, protected: 0, needsFix: 0, unreachable: 0, gdapExpiring: 0 };
    const n = r._count._all;
    if (r.standing === "protected") d.protected += n;
    else if (r.standing === "needs-fix") d.needsFix += n;
    else d.unreachable += n;
    if (r.gdapExpiring) d.gdapExpiring += n;
    byDay.set(day, d);
  }
  return [...byDay.values()].slice(-days);
}
