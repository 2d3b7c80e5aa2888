import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { MAX_KEYS_PER_WINDOW, OVERFLOW, recordUnauthenticated } from "./unauthenticated";

describe("unauthenticated failures", () => {
  const t = useTestPrisma();
  const minute = (n: number) => new Date(Date.UTC(2026, 11, 6, 4, n, 0));

  it("1,000 failures of one kind in a minute, 50 at a time, are one audit row counting 1,000", async () => {
    const now = minute(1);
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          recordUnauthenticated(
            t.prisma,
            { action: "sign-in", ip: "192.0.2.10", reason: "state", detail: { message: "no sign-in in progress" } },
            new Date(now.getTime() + batch * 100 + i),
          ),
        ),
      );
    }
    const rows = await t.prisma.auditEvent.findMany({ where: { action: "sign-in" }, include: { failureWindow: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: "denied", ip: "192.0.2.10", actorUpn: null });
    expect(rows[0]!.detail).toMatchObject({ reason: "state", message: "no sign-in in progress" });
    expect(rows[0]!.failureWindow?.count).toBe(1000);
  });

  it("a new minute, address or reason starts a new row", async () => {
    const f = { action: "preview-fix", ip: "198.51.100.1", reason: "no valid session" };
    await recordUnauthenticated(t.prisma, f, minute(10));
    await recordUnauthenticated(t.prisma, f, new Date(minute(10).getTime() + 59_999));
    await recordUnauthenticated(t.prisma, f, minute(11));
    await recordUnauthenticated(t.prisma, { ...f, ip: "198.51.100.2" }, minute(11));
    await recordUnauthenticated(t.prisma, { ...f, reason: "other" }, minute(11));
    const windows = await t.prisma.auditFailureWindow.findMany({
      where: { action: "preview-fix" },
      orderBy: [{ windowStart: "asc" }, { ip: "asc" }, { reason: "asc" }],
    });
    expect(windows.map((w) => [w.windowStart.toISOString().slice(11, 16), w.ip, w.reason, w.count])).toEqual([
      ["04:10", "198.51.100.1", "no valid session", 2],
      ["04:11", "198.51.100.1", "no valid session", 1],
      ["04:11", "198.51.100.1", "other", 1],
      ["04:11", "198.51.100.2", "no valid session", 1],
    ]);
    expect(await t.prisma.auditEvent.count({ where: { action: "preview-fix" } })).toBe(4);
  });

  it(`a minute from many addresses adds at most ${MAX_KEYS_PER_WINDOW} + 1 audit rows; the rest count on the overflow row`, async () => {
    const now = minute(20);
    const before = await t.prisma.auditEvent.count();
    const hits = MAX_KEYS_PER_WINDOW + 150;
    for (let i = 0; i < hits; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          recordUnauthenticated(t.prisma, { action: "sign-in", ip: `10.1.${Math.floor((i + j) / 250)}.${(i + j) % 250}`, reason: "state" }, now),
        ),
      );
    }
    expect((await t.prisma.auditEvent.count()) - before).toBe(MAX_KEYS_PER_WINDOW + 1);
    const overflow = await t.prisma.auditFailureWindow.findFirstOrThrow({
      where: { windowStart: now, action: OVERFLOW.action },
      include: { auditEvent: true },
    });
    expect(overflow.count).toBe(150);
    expect(overflow.auditEvent).toMatchObject({ ip: null, result: "denied" });
  });

  it("the audit row stays insert-only: only the window's count changes", async () => {
    await recordUnauthenticated(t.prisma, { action: "sign-out", ip: "192.0.2.99", reason: "x" }, minute(30));
    const row = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "sign-out" } });
    await expect(t.prisma.auditEvent.update({ where: { id: row.id }, data: { result: "success" } })).rejects.toThrow();
  });
});
