import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SealError, deriveKey, open, seal } from "./seal";

const master = randomBytes(32);
const key = deriveKey(master, "token-cache");

describe("sealed secrets", () => {
  it("round-trips, and never seals the same way twice", () => {
    const a = seal(key, "refresh-token-value", "tenant-a");
    const b = seal(key, "refresh-token-value", "tenant-a");
    expect(a.equals(b)).toBe(false);
    expect(open(key, a, "tenant-a").toString()).toBe("refresh-token-value");
    expect(a.includes(Buffer.from("refresh-token-value"))).toBe(false);
  });

  it("refuses a value moved to another owner", () => {
    expect(() => open(key, seal(key, "secret", "tenant-a"), "tenant-b")).toThrow(SealError);
  });

  it("refuses a value altered by one bit", () => {
    const sealed = seal(key, "secret", "tenant-a");
    sealed[sealed.length - 1]! ^= 1;
    expect(() => open(key, sealed, "tenant-a")).toThrow(SealError);
  });

  it("keeps purposes apart: a cookie key cannot open a token cache", () => {
    const cookieKey = deriveKey(master, "sign-in-cookie");
    expect(() => open(cookieKey, seal(key, "secret", "x"), "x")).toThrow(SealError);
  });

  it("refuses a wrong-size key and garbage input", () => {
    expect(() => deriveKey(Buffer.alloc(16), "token-cache")).toThrow(/32 bytes/);
    expect(() => open(key, Buffer.from("short"), "x")).toThrow(SealError);
  });
});
