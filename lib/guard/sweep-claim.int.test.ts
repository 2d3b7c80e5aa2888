// When the guard's sweep is claimed (sweep.ts): once per interval, one at a time, and not while a
// young run reads or writes tenants, yet never held back more than one interval.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "@/testing/database";
import { claimSweep } from "./sweep";

const INTERVAL_MS = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe("claiming the guard's sweep", () => {
  const t = useTestPrisma();

  // One customer (nothing is swept before the first sync lists one); each test starts with no run and no sweep.
  const customer = async () => {
    const id = "dddddddd-4444-4444-8444-000000000001";
    await t.prisma.customerTenant.upsert({ where: { id }, create: { id, displayName: "Contoso" }, update: {} });
    await t.prisma.guardSweep.deleteMany();
    // History is append-only: the earlier tests' runs are ended, not deleted.
    await t.prisma.remediationRun.updateMany({ where: { finishedAt: null }, data: { status: "cancelled", finishedAt: new Date() } });
  };
  const run = (status: "previewing" | "running" | "succeeded", at: Date) =>
    t.prisma.remediationRun.create({
      data: {
        kind: "bulk-fix",
        action: "exclude-service-provider",
        target: {},
        options: {},
        status,
        requestedByUpn: "operator@msp.example",
        createdAt: at,
        startedAt: status === "previewing" ? null : at,
        ...(status === "succeeded" ? { finishedAt: new Date() } : {}),
      },
    });
  const lastSweep = (startedAt: Date) => t.prisma.guardSweep.create({ data: { startedAt, progressAt: startedAt, finishedAt: startedAt } });

  it("waits while a run that began within the interval reads or writes, and sweeps once it has ended", async () => {
    await customer();
    const busy = await run("running", ago(10_000));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toBeNull();
    await t.prisma.remediationRun.update({ where: { id: busy.id }, data: { status: "succeeded", finishedAt: new Date() } });
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toEqual(expect.any(String));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toBeNull(); // one per interval
  });

  it("waits for a preview being read as for a run", async () => {
    await customer();
    await run("previewing", ago(5_000));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toBeNull();
  });

  it("does not wait for a run older than one interval (a long or stuck run cannot keep the guard blind)", async () => {
    await customer();
    await run("running", ago(INTERVAL_MS + 5_000));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toEqual(expect.any(String));
  });

  it("starts whatever runs once the last sweep began two intervals ago, and not before", async () => {
    await customer();
    await run("running", ago(1_000));
    await lastSweep(ago(1.5 * INTERVAL_MS));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toBeNull();
    await t.prisma.guardSweep.updateMany({ data: { startedAt: ago(2 * INTERVAL_MS + 1_000) } });
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toEqual(expect.any(String));
  });

  it("sweeps as before when no run is busy", async () => {
    await customer();
    await run("succeeded", ago(1_000));
    await lastSweep(ago(INTERVAL_MS + 1_000));
    expect(await claimSweep(t.prisma, INTERVAL_MS)).toEqual(expect.any(String));
  });
});
