// The alert loop every worker runs (lib/jobs/handlers.ts): turn the guard's new events into
// deliveries, then send the deliveries that are due.
//
// collectAlerts: events not yet handled by "alerts", except those of a sweep still running (a sweep's
// events go out together when it ends: one message per tenant per sweep), are grouped per
// destination and tenant. A tenant whose guard mode is off gets no message. One transaction under an
// advisory lock: two workers never send the same event twice.
//
// deliverDue: deliveries due are claimed with SKIP LOCKED (several workers share the work), sent
// once, and either delivered, or retried with exponential backoff, or failed after MAX_ATTEMPTS.
// A worker that dies mid-send leaves the row `sending`; after CLAIM_LEASE_MS another worker takes it.
import type { Prisma, PrismaClient } from "../../db/generated/client";
import { TIMELINE_LOCK_NAMESPACE } from "../record";
import { guardModesOf } from "../modes";
import { LOST_AFTER_INTERVALS } from "../sweep";
import { alertMessage, DIGEST_AFTER_TENANTS, eventLabel, policyDiff, type AlertEvent, type AlertMessage, type AlertTenant } from "./message";
import { sendMessage, type SendResult, type SendableDestination } from "./send";

export const ALERT_CONSUMER = "alerts";
export const MAX_ATTEMPTS = 6;
const CLAIM_LEASE_MS = 120_000;
const BATCH = 2000;
/** Events older than this are news no more (and the query stays on the detectedAt index, however long the timeline grows). */
const FRESH_FOR_MS = 2 * 86_400_000;

export interface AlertDeps {
  prisma: PrismaClient;
  portalUrl: string;
  partnerTenantId: string | null;
  sweepIntervalMs: number;
  /** The first retry waits this long, then twice as long each time (default 30 s: 30 s … 8 min). */
  retryBaseMs?: number;
  send?: (destination: SendableDestination, deliveryId: string, message: AlertMessage) => Promise<SendResult>;
}

export async function collectAlerts(deps: AlertDeps): Promise<{ events: number; deliveries: number }> {
  const { prisma } = deps;
  const unhandled = { detectedAt: { gte: new Date(Date.now() - FRESH_FOR_MS) }, handlings: { none: { consumer: ALERT_CONSUMER } } };
  // Every worker asks every few seconds; most of the time there is nothing new, and a plain read
  // says so without taking a connection into a transaction and queueing on the lock.
  if (!(await prisma.guardEvent.findFirst({ where: unhandled, select: { id: true } }))) return { events: 0, deliveries: 0 };
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${TIMELINE_LOCK_NAMESPACE}::int4, hashtext('guard-alerts'))`;
      const candidates = await tx.guardEvent.findMany({
        where: unhandled,
        orderBy: [{ detectedAt: "asc" }, { id: "asc" }],
        take: BATCH,
      });
      if (candidates.length === 0) return { events: 0, deliveries: 0 };
      const sweepIds = [...new Set(candidates.map((e) => e.sweepId).filter((id): id is string => id !== null))];
      const lostBefore = new Date(Date.now() - LOST_AFTER_INTERVALS * deps.sweepIntervalMs);
      const running = new Set(
        (await tx.guardSweep.findMany({ where: { id: { in: sweepIds }, finishedAt: null, progressAt: { gt: lostBefore } }, select: { id: true } })).map(
          (s) => s.id,
        ),
      );
      const events = candidates.filter((e) => e.sweepId === null || !running.has(e.sweepId));
      if (events.length === 0) return { events: 0, deliveries: 0 };

      const tenantIds = [...new Set(events.map((e) => e.tenantId))];
      const [modes, tenants, destinations, versions, runs] = await Promise.all([
        guardModesOf(tx, tenantIds),
        tx.customerTenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, displayName: true } }),
        tx.alertDestination.findMany({ where: { enabled: true }, select: { id: true, eventTypes: true, createdAt: true } }),
        tx.policyVersion.findMany({
          where: { id: { in: events.flatMap((e) => [e.beforeVersionId, e.afterVersionId]).filter((id): id is string => id !== null) } },
          select: { id: true, policy: true },
        }),
        tx.remediationRun.findMany({
          where: { id: { in: events.map((e) => e.runId).filter((id): id is string => id !== null) } },
          select: { id: true, requestedByUpn: true },
        }),
      ]);
      const names = new Map(tenants.map((t) => [t.id, t.displayName]));
      const policies = new Map(versions.map((v) => [v.id, v.policy]));
      const actors = new Map(runs.map((r) => [r.id, r.requestedByUpn]));

      const item = (e: (typeof events)[number]): AlertEvent => ({
        eventId: e.id,
        type: e.type,
        label: eventLabel(e.type),
        summary: e.summary,
        policyId: e.policyId,
        policyName: e.policyName,
        properties: e.properties,
        detectedAt: e.detectedAt.toISOString(),
        actor: e.runId ? (actors.get(e.runId) ?? "the portal") : null,
        runId: e.runId,
        diff:
          e.beforeVersionId || e.afterVersionId
            ? policyDiff(
                e.beforeVersionId ? policies.get(e.beforeVersionId) : null,
                e.afterVersionId ? policies.get(e.afterVersionId) : null,
                deps.partnerTenantId,
              )
            : null,
      });

      const outcomes = new Map<string, string>();
      const deliveries: Prisma.AlertDeliveryCreateManyInput[] = [];
      const watched = events.filter((e) => {
        if (modes.get(e.tenantId)?.mode !== "off") return true;
        outcomes.set(e.id, "not sent: the guard is off for this tenant");
        return false;
      });
      for (const d of destinations) {
        const routed = watched.filter((e) => d.eventTypes.includes(e.type) && e.detectedAt >= d.createdAt);
        if (routed.length === 0) continue;
        const byTenant = new Map<string, AlertTenant>();
        for (const e of routed) {
          // The MSP's own tenant's events (the service account's policies) are on the Partner tenant page.
          const partner = deps.partnerTenantId !== null && e.tenantId === deps.partnerTenantId;
          const tenant = byTenant.get(e.tenantId) ?? {
            tenantId: e.tenantId,
            tenantName: names.get(e.tenantId) ?? (partner ? "The MSP's own tenant" : e.tenantId),
            link: partner ? `${deps.portalUrl}/partner` : `${deps.portalUrl}/tenants/${e.tenantId}`,
            events: [],
          };
          tenant.events.push(item(e));
          byTenant.set(e.tenantId, tenant);
          outcomes.set(e.id, "sent");
        }
        const groups = byTenant.size > DIGEST_AFTER_TENANTS ? [[...byTenant.values()]] : [...byTenant.values()].map((t) => [t]);
        for (const group of groups) {
          const message = alertMessage(deps.portalUrl, group);
          deliveries.push({
            destinationId: d.id,
            subject: message.subject,
            message: message as unknown as Prisma.InputJsonValue,
            eventIds: group.flatMap((t) => t.events.map((e) => e.eventId)),
            tenantIds: group.map((t) => t.tenantId),
          });
        }
      }
      if (deliveries.length > 0) await tx.alertDelivery.createMany({ data: deliveries });
      await tx.guardEventHandling.createMany({
        data: events.map((e) => ({ eventId: e.id, consumer: ALERT_CONSUMER, outcome: outcomes.get(e.id) ?? "not sent: no destination takes this event" })),
        skipDuplicates: true,
      });
      return { events: events.length, deliveries: deliveries.length };
    },
    { timeout: 60_000 },
  );
}

/** When the next attempt after `attempts` failed ones may go. */
export function nextAttemptDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export async function deliverDue(deps: AlertDeps, limit = 20): Promise<{ delivered: number; failed: number; retrying: number }> {
  const { prisma } = deps;
  const claimed = await prisma.$queryRaw<{ id: string }[]>`
    update "AlertDelivery" set status = 'sending', attempts = attempts + 1, "lastAttemptAt" = clock_timestamp()
    where id in (
      select id from "AlertDelivery"
      where (status = 'pending' and "nextAttemptAt" <= clock_timestamp())
         or (status = 'sending' and "lastAttemptAt" < clock_timestamp() - make_interval(secs => ${CLAIM_LEASE_MS / 1000}::float8))
      order by "nextAttemptAt" limit ${limit}
      for update skip locked
    )
    returning id::text as id`;
  const out = { delivered: 0, failed: 0, retrying: 0 };
  for (const { id } of claimed) {
    const row = await prisma.alertDelivery.findUniqueOrThrow({ where: { id }, include: { destination: true } });
    const result = await (deps.send ?? sendMessage)(row.destination, row.id, row.message as unknown as AlertMessage);
    const base = { lastResponse: result.response, lastError: result.error };
    if (result.ok) {
      await prisma.alertDelivery.update({ where: { id }, data: { ...base, status: "delivered" } });
      out.delivered++;
    } else if (row.attempts >= MAX_ATTEMPTS) {
      await prisma.alertDelivery.update({
        where: { id },
        data: { ...base, status: "failed", lastError: `${result.error} Gave up after ${row.attempts} attempts.` },
      });
      out.failed++;
    } else {
      const delay = nextAttemptDelayMs(row.attempts, deps.retryBaseMs ?? 30_000);
      await prisma.alertDelivery.update({ where: { id }, data: { ...base, status: "pending", nextAttemptAt: new Date(Date.now() + delay) } });
      out.retrying++;
    }
  }
  return out;
}

/** "Send test": one delivery, sent now, recorded in the log like any other (retried if it failed). */
export async function sendTest(deps: AlertDeps, destinationId: string, message: AlertMessage): Promise<SendResult> {
  const { prisma } = deps;
  const destination = await prisma.alertDestination.findUniqueOrThrow({ where: { id: destinationId } });
  const row = await prisma.alertDelivery.create({
    data: {
      destinationId,
      test: true,
      subject: message.subject,
      message: message as unknown as Prisma.InputJsonValue,
      eventIds: [],
      tenantIds: [],
      status: "sending",
      attempts: 1,
      lastAttemptAt: new Date(),
    },
  });
  const result = await (deps.send ?? sendMessage)(destination, row.id, message);
  await prisma.alertDelivery.update({
    where: { id: row.id },
    data: result.ok
      ? { status: "delivered", lastResponse: result.response, lastError: null }
      : {
          status: "pending",
          lastResponse: result.response,
          lastError: result.error,
          nextAttemptAt: new Date(Date.now() + nextAttemptDelayMs(1, deps.retryBaseMs ?? 30_000)),
        },
  });
  return result;
}
