// `npm run bench:guard -- --tenants 1000 [--interval 300] [--removals 50] [--time-scale 1] [--concurrency 200]`
//
// The guard at Graph's real pace over a whole local-cloud fleet, through the real portal: a worker
// process (scheduled sweeps every --interval seconds, auto-fix for a group of --removals tenants
// that a bench admin set) on a scratch database. After the first sweep, a customer's admin removes
// the MSP's exclusion from one policy in each of those tenants at a random moment within the next
// interval; the bench measures, from the local cloud's own store and request log, how long each
// stayed removed. Prints sweep wall time, CA reads per tenant per sweep (target <= 1), the time from
// removal to repair (target <= 10 minutes at the default interval), 429s (target 0) and the
// worker's peak RSS (target <= 400 MB); like every bench it never fails on a figure.
import { randomUUID } from "node:crypto";
import { planServiceProviderExclusion } from "@/lib/ca";
import { parseGuardBenchArgs } from "./bench-guard/args";
import { caReadsPerTenantPerSweep, quantile, throttled } from "./bench-guard/measure";
import { syncFleet, waitUntil } from "./bench-bulk/fleet";
import type { BenchStack } from "./bench-bulk/stack";
import { benchMain, mb, seconds, sleep } from "./bench-main";

type Json = Record<string, unknown>;
const usersOf = (policy: Json) => (policy.conditions as { users: Json }).users;

/** A deterministic shuffle (the same tenants for the same fleet). */
function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Target {
  tenantId: string;
  policyId: string;
  removedAt: number | null;
  repairedAt: number | null;
}

/** Tenants fully fixed after the sync, each with one enabled policy whose exclusion of the MSP the guard would restore. */
async function chooseTargets(stack: BenchStack, count: number): Promise<Target[]> {
  const fixed = await stack.prisma.customerTenant.findMany({
    where: { needsFixCount: 0, needsReviewCount: 0, policyCount: { gt: 0 }, accessHealth: { in: ["delegated", "app-only"] } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const targets: Target[] = [];
  for (const t of shuffled(fixed)) {
    const tenant = stack.em.fleet.tenantById(t.id);
    if (!tenant) continue;
    const policy = [...stack.em.fleet.content(tenant).policies.values()].find(
      (p) => (p as Json).state === "enabled" && usersOf(p as Json).excludeGuestsOrExternalUsers && repairable(p as Json, stack.settings.partnerTenantId),
    );
    if (policy) targets.push({ tenantId: t.id, policyId: String((policy as Json).id), removedAt: null, repairedAt: null });
    if (targets.length === count) break;
  }
  return targets;
}

/**
 * Whether removing this policy's exclusion is drift the guard repairs by itself: without it, the policy
 * reaches the MSP and the fix is a plain patch. (A policy that does not reach the MSP without its
 * exclusion needs no repair; one whose fix needs review is left to a person: both raise the event only.)
 */
function repairable(policy: Json, partnerTenantId: string): boolean {
  const without = structuredClone(policy);
  usersOf(without).excludeGuestsOrExternalUsers = null;
  return planServiceProviderExclusion(without, partnerTenantId).outcome === "patch";
}

function policyOf(stack: BenchStack, target: Target): Json | undefined {
  return stack.em.fleet.content(stack.em.fleet.tenantById(target.tenantId)!).policies.get(target.policyId) as Json | undefined;
}

await benchMain(
  "bench:guard",
  parseGuardBenchArgs,
  (args) => ({ tenants: args.tenants, policiesPerTenant: undefined, timeScale: args.timeScale }),
  async (args, stack, say) => {
    const intervalMs = args.intervalSeconds * 1000;
    const worker = await stack.startWorker(args.concurrency, { GUARD_SWEEP_INTERVAL_SECONDS: String(args.intervalSeconds) });
    say(`worker pid ${worker.pid}, sweep every ${args.intervalSeconds} s (log: ${worker.logPath})`);
    await syncFleet(say, stack, args.tenants);

    // An admin sets auto-fix for a group of fully fixed tenants; everything else stays "alert" (no destination: nothing sent).
    const targets = await chooseTargets(stack, args.removals);
    if (targets.length < args.removals)
      say(`only ${targets.length} tenants are fully fixed with a policy whose exclusion the guard would restore; removing from those`);
    const admin = await stack.prisma.portalUser.create({
      data: { tenantId: stack.settings.partnerTenantId, objectId: randomUUID(), upn: "bench-admin@localhost", displayName: "Bench admin", role: "admin" },
    });
    await stack.prisma.tenantGroup.create({
      data: {
        name: "bench: auto-fix",
        createdByUpn: admin.upn,
        guardMode: "auto-fix",
        guardModeSetById: admin.id,
        guardModeSetByUpn: admin.upn,
        guardModeSetAt: new Date(),
        tenants: { create: targets.map((t) => ({ tenantId: t.tenantId })) },
      },
    });
    const logFrom = stack.em.log.lastSeq();
    const benchStart = new Date();
    say(`${targets.length} tenants on auto-fix; waiting for the first sweep (it starts one interval after the worker)`);
    await waitUntil(
      say,
      "first sweep",
      () => stack.prisma.guardSweep.count({ where: { finishedAt: { not: null } } }),
      (n) => n >= 1,
      (n) => `${n} sweeps finished`,
      4 * intervalMs + 30 * 60_000,
    );

    // The customers' admins remove the exclusion at random moments within the next interval.
    const removals = targets.map((t, i) =>
      sleep(((i * 7919) % targets.length) * (intervalMs / targets.length)).then(() => {
        const policy = policyOf(stack, t)!;
        usersOf(policy).excludeGuestsOrExternalUsers = null;
        policy.modifiedDateTime = new Date().toISOString();
        t.removedAt = Date.now();
      }),
    );
    const watch = setInterval(() => {
      for (const t of targets) {
        if (t.removedAt === null || t.repairedAt !== null) continue;
        if (usersOf(policyOf(stack, t)!).excludeGuestsOrExternalUsers) t.repairedAt = Date.now();
      }
    }, 250);
    await Promise.all(removals);
    say(`removed the exclusion in ${targets.length} tenants; waiting for the repairs`);
    await waitUntil(
      say,
      "repairs",
      async () => targets.filter((t) => t.repairedAt !== null).length,
      (n) => n === targets.length,
      (n) => `${n} of ${targets.length} repaired`,
      3 * intervalMs + 10 * 60_000,
    ).catch((error: Error) => say(error.message));
    clearInterval(watch);
    // Let the sweep running now finish, so every sweep counted is whole.
    await waitUntil(
      say,
      "the last sweep",
      () => stack.prisma.guardSweep.count({ where: { finishedAt: null } }),
      (n) => n === 0,
      (n) => `${n} running`,
      2 * intervalMs,
    ).catch((error: Error) => say(error.message));
    const peak = await worker.stop();

    const sweeps = await stack.prisma.guardSweep.findMany({
      where: { startedAt: { gte: benchStart }, finishedAt: { not: null } },
      orderBy: { startedAt: "asc" },
    });
    const walls = sweeps.map((s) => s.finishedAt!.getTime() - s.startedAt.getTime());
    const log = stack.em.log.list({ sinceSeq: logFrom });
    const repaired = new Set(targets.map((t) => t.tenantId));
    const sweptOnly = new Set(stack.em.fleet.customers.map((c) => c.id).filter((id) => !repaired.has(id)));
    const perTenant = caReadsPerTenantPerSweep(
      log,
      sweptOnly,
      sweeps.map((s) => ({ startedAt: s.startedAt, finishedAt: s.finishedAt! })),
    );
    const repairs = targets.filter((t) => t.removedAt !== null && t.repairedAt !== null).map((t) => t.repairedAt! - t.removedAt!);
    const worst = quantile(repairs, 1);
    const limitMs = 10 * 60_000 * args.timeScale;
    const tooMany = throttled(log);

    say("— the guard —");
    say(`  tenants              ${args.tenants} (${targets.length} on auto-fix)`);
    say(
      `  sweeps               ${sweeps.length}, wall time mean ${seconds(walls.reduce((a, b) => a + b, 0) / Math.max(1, walls.length))}, max ${seconds(Math.max(0, ...walls))}`,
    );
    say(`  CA reads / tenant / sweep   ${perTenant.toFixed(3)}`);
    say(
      `  removal → repair     p50 ${seconds(quantile(repairs, 0.5))}, p95 ${seconds(quantile(repairs, 0.95))}, max ${seconds(worst)} (${repairs.length} of ${targets.length} repaired)`,
    );
    say(`  429s                 ${tooMany} of ${log.length} requests`);
    say(`  worker peak RSS      ${mb(peak)}`);
    say("— targets —");
    say(`  CA reads per tenant per sweep ≤ 1: ${perTenant.toFixed(3)} ${perTenant <= 1 ? "met" : "MISSED"}`);
    say(`  removal → repair ≤ ${seconds(limitMs)}: ${seconds(worst)} ${repairs.length === targets.length && worst <= limitMs ? "met" : "MISSED"}`);
    say(`  0 429s: ${tooMany} ${tooMany === 0 ? "met" : "MISSED"}`);
    say(`  peak RSS ≤ 400 MB: ${mb(peak)} ${peak !== null && peak <= 400 * 1024 * 1024 ? "met" : "MISSED"}`);
  },
);
