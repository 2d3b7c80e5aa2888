// The process's heartbeats on a real Postgres: every claim is beaten together, and a row that is no
// longer the claim's (ended, or taken over by another attempt) is left as it is.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { createPrismaClient } from "../db/client";
import { withHeartbeat } from "./heartbeat";

const EVERY_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("heartbeats", () => {
  const t = useTestPrisma();
  const { setup, runWithTenant } = useInMemoryTenants(t);
  const longAgo = new Date(Date.now() - 60 * 60_000);
  const beatOf = async (runId: string, tenantId: string) =>
    (await t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } }, select: { heartbeatAt: true } })).heartbeatAt;

  it("keeps every claim of the process alive together, and only while it is the claim's", async () => {
    const [a, b, ended, taken] = [setup(), setup(), setup(), setup()];
    const fix = async (s: ReturnType<typeof setup>, row: { status: "running" | "succeeded"; attempts: number }) => ({
      runId: (await runWithTenant(s.tenantId, s.graph, { ...row, heartbeatAt: longAgo })).runId,
      tenantId: s.tenantId,
    });
    const rows = {
      a: await fix(a, { status: "running", attempts: 1 }),
      b: await fix(b, { status: "running", attempts: 2 }),
      ended: await fix(ended, { status: "succeeded", attempts: 1 }),
      taken: await fix(taken, { status: "running", attempts: 3 }), // a later attempt owns it now
    };
    const errors: unknown[] = [];
    let release!: () => void;
    const working = new Promise<void>((resolve) => (release = resolve));
    const hold = (row: { runId: string; tenantId: string }, attempt: number) =>
      withHeartbeat(
        t.prisma,
        EVERY_MS,
        { kind: "fix", ...row, attempt },
        () => working,
        (e) => errors.push(e),
      );
    const held = [hold(rows.a, 1), hold(rows.b, 2), hold(rows.ended, 1), hold(rows.taken, 2)];
    await sleep(EVERY_MS * 4);

    const recent = Date.now() - 60_000;
    expect((await beatOf(rows.a.runId, rows.a.tenantId))!.getTime()).toBeGreaterThan(recent);
    expect((await beatOf(rows.b.runId, rows.b.tenantId))!.getTime()).toBeGreaterThan(recent);
    expect(await beatOf(rows.ended.runId, rows.ended.tenantId)).toEqual(longAgo);
    expect(await beatOf(rows.taken.runId, rows.taken.tenantId)).toEqual(longAgo);

    release();
    await Promise.all(held);
    // Released: no beat touches the rows any more.
    await t.prisma.runTenant.updateMany({ where: { runId: rows.a.runId }, data: { heartbeatAt: longAgo } });
    await sleep(EVERY_MS * 3);
    expect(await beatOf(rows.a.runId, rows.a.tenantId)).toEqual(longAgo);
    expect(errors).toEqual([]);
  });

  it("writes the beat as UTC whatever the session's time zone, as the claims and the sweep judge it", async () => {
    // A server whose sessions default to UTC+14: `now()` stored as local time would be 14 hours ahead.
    const database = new URL(t.url).pathname.slice(1);
    await t.prisma.$executeRawUnsafe(`alter database "${database}" set timezone to 'Pacific/Kiritimati'`);
    const kiritimati = createPrismaClient(t.url);
    try {
      const s = setup();
      const { runId } = await runWithTenant(s.tenantId, s.graph, { status: "running", attempts: 1, heartbeatAt: longAgo });
      expect(await kiritimati.$queryRaw<{ zone: string }[]>`select current_setting('TimeZone') as zone`).toEqual([{ zone: "Pacific/Kiritimati" }]);
      await withHeartbeat(
        kiritimati,
        EVERY_MS,
        { kind: "fix", runId, tenantId: s.tenantId, attempt: 1 },
        () => sleep(EVERY_MS * 3),
        () => undefined,
      );
      expect(Math.abs((await beatOf(runId, s.tenantId))!.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await kiritimati.$disconnect();
      await t.prisma.$executeRawUnsafe(`alter database "${database}" reset timezone`);
    }
  });

  it("beats a preview's read by its read attempt", async () => {
    const s = setup();
    const { runId } = await runWithTenant(s.tenantId, s.graph, { status: "reading", readAttempts: 2, heartbeatAt: longAgo });
    await withHeartbeat(
      t.prisma,
      EVERY_MS,
      { kind: "read", runId, tenantId: s.tenantId, attempt: 2 },
      () => sleep(EVERY_MS * 3),
      () => undefined,
    );
    expect((await beatOf(runId, s.tenantId))!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
