import { describe, expect, it } from "vitest";
import { FakeClock, flush } from "../../testing/graph/fake-clock";
import { isConditionalAccessPath, Pacer, PacerRegistry } from "./pacer";

describe("Pacer", () => {
  it("spaces N requests for one tenant at 1/rate: N requests take ≈ N/rate", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(2, clock); // 2 per second -> 500 ms apart
    const start = clock.now();
    const times: number[] = [];
    const all = Array.from({ length: 10 }, () => pacer.run(async () => times.push(clock.now() - start)));
    await clock.runUntilIdle();
    await Promise.all(all);
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
    expect(clock.now() - start).toBe(4500); // the 10th starts after 9 intervals: (N - 1) / rate
  });

  it("counts the interval from the previous answer, so arrivals at Graph are never closer than 1/rate", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(1, clock);
    const start = clock.now();
    const sent: number[] = [];
    const slow = () =>
      pacer.run(async () => {
        sent.push(clock.now() - start);
        await clock.sleep(300); // round trip
      });
    const all = [slow(), slow(), slow()];
    await clock.runUntilIdle();
    await Promise.all(all);
    expect(sent).toEqual([0, 1300, 2600]);
  });

  it("serves waiting requests first in, first out, one at a time", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(1, clock);
    const order: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const all = [0, 1, 2, 3, 4].map((i) =>
      pacer.run(async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        order.push(i);
        await clock.sleep(10);
        inFlight -= 1;
      }),
    );
    await flush();
    expect(pacer.queued).toBe(4);
    await clock.runUntilIdle();
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(maxInFlight).toBe(1);
    expect(pacer.queued).toBe(0);
  });

  it("does not let one tenant's queue delay another tenant", async () => {
    const clock = new FakeClock();
    const registry = new PacerRegistry(clock);
    const busy = registry.for("tenant-a", 1);
    const start = clock.now();
    const aTimes: number[] = [];
    const a = Array.from({ length: 5 }, () => busy.run(async () => aTimes.push(clock.now() - start)));
    let bAt = -1;
    const b = registry.for("tenant-b", 1).run(async () => (bAt = clock.now() - start));
    await clock.runUntilIdle();
    await Promise.all([...a, b]);
    expect(bAt).toBe(0);
    expect(aTimes).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it("shares one pacer per tenant in a registry (case-insensitive), separate per rate", () => {
    const registry = new PacerRegistry(new FakeClock());
    expect(registry.for("ABC", 1)).toBe(registry.for("abc", 1));
    expect(registry.for("abc", 1)).not.toBe(registry.for("abc", 2));
    expect(registry.for("abc", 1)).not.toBe(registry.for("def", 1));
  });

  it("moves on after a failed request, and does not wait after a long idle time", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(1, clock);
    const failed = pacer.run(async () => {
      throw new Error("network");
    });
    await expect(failed).rejects.toThrow("network");
    const idle = clock.sleep(5_000);
    await clock.runUntilIdle();
    await idle;
    const before = clock.now();
    await pacer.run(async () => undefined);
    expect(clock.now()).toBe(before);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => new Pacer(0)).toThrow(RangeError);
  });
});

describe("isConditionalAccessPath", () => {
  it.each([
    ["https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies", true],
    ["https://graph.microsoft.com/beta/identity/conditionalAccess/policies/abc", true],
    ["https://127.0.0.1:4443/v1.0/identity/conditionalAccess/namedLocations?$top=5", true],
    ["https://graph.microsoft.com/v1.0/policies/conditionalAccessPolicies", true],
    ["https://graph.microsoft.com/v1.0/organization", false],
    ["https://graph.microsoft.com/v1.0/users?$filter=identity/conditionalAccess", false],
  ])("%s -> %s", (url, expected) => {
    expect(isConditionalAccessPath(url)).toBe(expected);
  });
});
