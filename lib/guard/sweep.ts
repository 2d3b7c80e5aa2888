// The guard's scheduled sweep: every interval (GUARD_SWEEP_INTERVAL_SECONDS, default 5 minutes) one
// worker claims a sweep, refreshes the customer list from the GDAP relationships (one partner
// request) and queues one job per customer tenant; each job reads the tenant's policies once (the
// policies list, paced like every Conditional Access request) through the sync's own code, which
// records new versions and events (lib/guard/record.ts) with the sweep's id.
//
// One sweep at a time across any number of workers: the claim is one INSERT, under a transaction
// lock, that only succeeds when no sweep started within the interval and none is still running (a
// sweep with no tenant done for three intervals is presumed lost: its worker died before queueing its
// tenants, or its jobs were lost; its tenants are read again by the next one).
import type { PrismaClient } from "../db/generated/client";
import { syncCustomers, syncTenant, type SyncDeps, type TenantSyncResult } from "../sync/sync";
import type { AutoFixOutcome, TenantRead } from "./auto-fix";
import { recordTenantDays } from "./compliance";
import { TIMELINE_LOCK_NAMESPACE } from "./record";
import { sweepPartner } from "./sweep-partner";

export interface SweepDeps extends SyncDeps {
  /** Queues the sweep's tenant jobs (pg-boss in the worker). */
  enqueue(jobs: SweepTenantJob[]): Promise<void>;
}

export interface SweepTenantJob {
  sweepId: string;
  tenantId: string;
}

/** A sweep with no sign of life for this many intervals is presumed lost. */
export const LOST_AFTER_INTERVALS = 3;

/** Run states in which a run reads or writes its tenants (a preview being read, a run confirmed or writing). */
const BUSY_RUN_STATUSES = ["previewing", "queued", "running"] as const;

/**
 * Claims the next sweep if one is due; its id, or null (not due, or another worker has it).
 *
 * A due sweep waits while a run that began within the last interval reads or writes tenants: its
 * reads would take turns from the same tenants' Conditional Access budget (Graph's per-tenant pace,
 * lib/graph/pacer.ts) and the workers' time, while the run itself reads every tenant it changes and
 * records what it saw in the timeline (store.ts). The wait is bounded twice, so no run can keep the
 * guard blind: a run older than one interval does not hold it back, and once the last sweep started
 * two intervals ago it starts whatever runs.
 */
export async function claimSweep(prisma: PrismaClient, intervalMs: number): Promise<string | null> {
  // Nothing to guard before the first sync has listed the customers.
  if ((await prisma.customerTenant.count()) === 0) return null;
  const interval = intervalMs / 1000;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${TIMELINE_LOCK_NAMESPACE}::int4, hashtext('guard-sweep'))`;
    const rows = await tx.$queryRaw<{ id: string }[]>`
      insert into "GuardSweep" ("id", "startedAt", "progressAt")
      select gen_random_uuid(), clock_timestamp(), clock_timestamp()
      where not exists (
        select 1 from "GuardSweep"
        where "startedAt" > clock_timestamp() - make_interval(secs => ${interval}::float8)
           or ("finishedAt" is null and "progressAt" > clock_timestamp() - make_interval(secs => ${LOST_AFTER_INTERVALS * interval}::float8))
      )
      and (
        not exists (
          select 1 from "RemediationRun"
          where status::text = any(${BUSY_RUN_STATUSES})
            and coalesce("startedAt", "createdAt") > (clock_timestamp() - make_interval(secs => ${interval}::float8)) at time zone 'UTC'
        )
        or (
          exists (select 1 from "GuardSweep")
          and not exists (select 1 from "GuardSweep" where "startedAt" > clock_timestamp() - make_interval(secs => ${2 * interval}::float8))
        )
      )
      returning "id"::text as id`;
    return rows[0]?.id ?? null;
  });
}

/**
 * The sweep's first step: the customer list (GDAP events) and the MSP's own tenant (partner events,
 * sweep-partner.ts), then one job per customer tenant.
 */
export async function startSweep(deps: SweepDeps, sweepId: string): Promise<{ tenants: number; partnerError?: string } | { error: string }> {
  try {
    await syncCustomers(deps, { seenBy: "sweep", sweepId });
  } catch (err) {
    // Without the customer list (e.g. the automation account is not connected) no tenant is read.
    const error = err instanceof Error ? err.message : String(err);
    await deps.prisma.guardSweep.update({ where: { id: sweepId }, data: { error, finishedAt: new Date() } });
    return { error };
  }
  // The partner tenant cannot be read (e.g. no access there): the customers are still swept.
  const partner = await sweepPartner(deps, sweepId);
  await deps.prisma.guardSweep.update({
    where: { id: sweepId },
    data: partner.ok ? { partnerReadAt: deps.now?.() ?? new Date() } : { partnerError: partner.error },
  });
  const tenants = await deps.prisma.customerTenant.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  await deps.prisma.guardSweep.update({
    where: { id: sweepId },
    data: { tenants: tenants.length, ...(tenants.length === 0 ? { finishedAt: new Date() } : {}) },
  });
  await deps.enqueue(tenants.map((t) => ({ sweepId, tenantId: t.id })));
  return { tenants: tenants.length, ...(partner.ok ? {} : { partnerError: partner.error }) };
}

export interface SweepTenantDeps extends SyncDeps {
  /** The guard's auto-fix (auto-fix.ts), given what the sweep just read; absent: record only. */
  autoFix?: (read: TenantRead) => Promise<AutoFixOutcome>;
  /** An auto-fix that could not start (a database error, a bug): logged, the sweep goes on. */
  warn?: (detail: object, message: string) => void;
  /** An auto-fix tenant the guard leaves as it is, and why (stopped, GDAP ended, a run still open): logged. */
  info?: (detail: object, message: string) => void;
}

/** Outcomes of every sweep for most tenants, not worth a log line. */
const QUIET_WHYS = ["mode ", "nothing to fix"];

/** One tenant of a sweep: one read of its policies, recorded; the sweep ends with its last tenant. */
export async function sweepTenant(deps: SweepTenantDeps, job: SweepTenantJob): Promise<TenantSyncResult | { ok: false; error: string }> {
  let result: TenantSyncResult | { ok: false; error: string };
  const autoFix = deps.autoFix;
  const afterRead = autoFix
    ? async (read: TenantRead) => {
        try {
          const outcome = await autoFix(read);
          if (!outcome.started && !QUIET_WHYS.some((quiet) => outcome.why.startsWith(quiet))) {
            deps.info?.({ tenantId: job.tenantId, why: outcome.why }, "the guard's auto-fix left a tenant as it is");
          }
        } catch (err) {
          deps.warn?.({ err, tenantId: job.tenantId }, "the guard's auto-fix could not start for a tenant");
        }
      }
    : undefined;
  try {
    result = await syncTenant(deps, job.tenantId, { seenBy: "sweep", sweepId: job.sweepId }, afterRead);
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const failed = result.ok ? 0 : 1;
  const ended = await deps.prisma.$queryRaw<{ last: boolean }[]>`
    update "GuardSweep"
    set "tenantsDone" = "tenantsDone" + 1,
        "tenantsFailed" = "tenantsFailed" + ${failed}::int,
        "progressAt" = clock_timestamp(),
        "finishedAt" = case when "tenantsDone" + 1 >= "tenants" then clock_timestamp() else "finishedAt" end
    where "id" = ${job.sweepId}::uuid
    returning "tenantsDone" = "tenants" as last`;
  // The sweep's last tenant writes everyone's standing today (compliance.ts).
  if (ended[0]?.last) await recordTenantDays(deps.prisma);
  return result;
}
