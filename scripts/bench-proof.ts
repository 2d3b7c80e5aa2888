// `npm run bench:proof -- --tenants 1000 [--time-scale 1] [--concurrency 200]`
//
// A fleet-wide proof of access (issue 16) at Graph's real pace, through the real portal: on the same
// stack as bench:bulk (its own local cloud, a scratch database, a portal worker as a child), it syncs
// the fleet, then an operator with a scope of all tenants starts "Check all" through the same lib
// function the dashboard's action calls; the worker runs one job per tenant from pg-boss. While it
// runs it prints the progress the dashboard shows (the same query as GET /api/proof-checks/latest);
// at the end the wall time, the verdicts, Graph's What If requests and the pacing of every
// Conditional Access request per tenant from the local cloud's request log (target: none above 1 per
// second), 429s and the worker's peak RSS. Like every bench it never fails on a figure.
import { randomUUID } from "node:crypto";
import { loadScope } from "@/lib/auth/scope";
import { latestFleetCheck, startScopedFleetCheck, type FleetCheckProgress, type ProofVerdict } from "@/lib/proof";
import { pacingFigures } from "./bench-bulk/measure";
import { startSender, syncFleet, waitUntil } from "./bench-bulk/fleet";
import { benchMain, mb, seconds, sleep } from "./bench-main";
import { parseProofBenchArgs } from "./bench-proof/args";
import { errorClass, evaluateFigures } from "./bench-proof/measure";

const progressLine = (c: FleetCheckProgress | null) =>
  c ? `${c.checked} of ${c.total} tenants checked${c.finished ? "" : "…"} · ${c.blocked} blocked · ${c.notProven} could not be checked` : "no check";

await benchMain(
  "bench:proof",
  parseProofBenchArgs,
  (args) => ({ tenants: args.tenants, policiesPerTenant: undefined, timeScale: args.timeScale }),
  async (args, stack, say) => {
    const secondMs = 1000 * args.timeScale;
    const worker = await stack.startWorker(args.concurrency);
    say(`worker pid ${worker.pid}, WORKER_CONCURRENCY ${args.concurrency} (log: ${worker.logPath})`);
    await syncFleet(say, stack, args.tenants);
    await sleep(2000 * args.timeScale); // every tenant's Graph quota refills after the sync's reads

    // The person the dashboard's action acts for: an operator whose scope is read as the action reads it.
    const operator = await stack.prisma.portalUser.create({
      data: {
        tenantId: stack.settings.partnerTenantId,
        objectId: randomUUID(),
        upn: "bench-operator@localhost",
        displayName: "Bench operator",
        role: "operator",
      },
    });
    const scope = await loadScope(stack.prisma, operator.id);
    const boss = await startSender(stack.databaseUrl);
    const logFrom = stack.em.log.lastSeq();
    const started = performance.now();
    const startedAt = new Date();
    const check = await startScopedFleetCheck(
      stack.prisma,
      (queue, jobs) =>
        boss.insert(
          queue,
          jobs.map((data) => ({ data })),
        ),
      { requestedByUpn: operator.upn, scope },
    ).finally(() => boss.stop({ graceful: false }));
    if ("refused" in check) throw new Error(`the check was refused: ${check.refused}`);
    say(`started: ${check.tenants} tenants, their jobs sent in ${seconds(performance.now() - started)}`);

    // As the dashboard polls (every 2 s while it counts), timing the query and the longest wait for progress.
    let slowestQueryMs = 0;
    let lastChecked = -1;
    let lastChangeAt = performance.now();
    let longestStallMs = 0;
    const final = await waitUntil(
      say,
      "check",
      async () => {
        const t = performance.now();
        const progress = await latestFleetCheck(stack.prisma, scope);
        slowestQueryMs = Math.max(slowestQueryMs, performance.now() - t);
        if (progress && progress.checked !== lastChecked) {
          longestStallMs = Math.max(longestStallMs, performance.now() - lastChangeAt);
          lastChecked = progress.checked;
          lastChangeAt = performance.now();
        }
        return progress;
      },
      (c) => c?.id === check.checkId && c.finished,
      progressLine,
      60 * 60_000,
      2000,
    );
    const wallMs = performance.now() - started;
    say(`check: ${progressLine(final)}`);
    const peak = await worker.stop();

    const proofs = await stack.prisma.accessProof.findMany({ where: { checkId: check.checkId }, select: { error: true, verdict: true } });
    const verdicts = new Map<string, number>();
    const errors = new Map<string, number>();
    for (const p of proofs) {
      verdicts.set(p.verdict, (verdicts.get(p.verdict) ?? 0) + 1);
      if (p.error) errors.set(errorClass(p.error), (errors.get(errorClass(p.error)) ?? 0) + 1);
    }
    const count = (verdict: ProofVerdict) => verdicts.get(verdict) ?? 0;
    const log = stack.em.log.list({ sinceSeq: logFrom });
    const pacing = pacingFigures(log, secondMs, 2);
    const evaluate = evaluateFigures(log);
    const sweeps = await stack.prisma.guardSweep.count({ where: { startedAt: { gte: startedAt } } });

    say("— fleet-wide proof of access —");
    say(`  tenants              ${args.tenants} in the fleet, ${check.tenants} in the check (those with GDAP)`);
    say(`  wall time            ${seconds(wallMs)} (start to the dashboard's "finished")`);
    say(
      `  progress             polled every 2 s as the dashboard does: slowest query ${slowestQueryMs.toFixed(0)} ms, longest wait for a change ${seconds(longestStallMs)}`,
    );
    say(
      `  verdicts             gets in ${count("gets-in")} · gets in after MFA ${count("gets-in-after-mfa")} · blocked ${count("blocked")} · not proven (error) ${count("not-proven")}`,
    );
    for (const [why, n] of [...errors].sort((a, b) => b[1] - a[1])) say(`      ${n} × ${why}`);
    say(
      `  evaluate requests    ${evaluate.requests} for ${evaluate.tenants} tenants (per tenant min ${evaluate.perTenant.min}, mean ${evaluate.perTenant.mean.toFixed(2)}, max ${evaluate.perTenant.max}); ${evaluate.throttled} answered 429`,
    );
    say(
      `  CA requests (all)    ${pacing.caRequests}, ${pacing.throttled} answered 429 (${(pacing.throttledShare * 100).toFixed(2)} %); guard sweeps meanwhile: ${sweeps}`,
    );
    say(
      `  most CA requests one tenant sent in any ${seconds(secondMs)}: ${pacing.mostInOneSecond?.requests ?? 0}${pacing.mostInOneSecond ? ` (tenant ${pacing.mostInOneSecond.tenantId})` : ""}`,
    );
    say(
      `  tenants above pace   ${pacing.tenantsAbovePace.length}${pacing.tenantsAbovePace.length ? `: ${pacing.tenantsAbovePace.slice(0, 5).join(", ")}…` : ""}`,
    );
    say(`  429s (all requests)  ${log.filter((e) => e.status === 429).length} of ${log.length}`);
    say(`  worker peak RSS      ${mb(peak)}`);
    say("— targets —");
    say(`  every tenant checked: ${final?.checked ?? 0} of ${check.tenants} ${final?.checked === check.tenants ? "met" : "MISSED"}`);
    say(
      `  0 tenants above 1 CA request per second: ${pacing.tenantsAbovePace.length} ${pacing.tenantsAbovePace.length === 0 && (pacing.mostInOneSecond?.requests ?? 0) <= 1 ? "met" : "MISSED"}`,
    );
    say(`  0 429s: ${pacing.throttled} ${pacing.throttled === 0 ? "met" : "MISSED"}`);
    say(`  peak RSS ≤ 400 MB: ${mb(peak)} ${peak !== null && peak <= 400 * 1024 * 1024 ? "met" : "MISSED"}`);
  },
);
