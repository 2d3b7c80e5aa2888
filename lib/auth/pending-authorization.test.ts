import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKey } from "../crypto/seal";
import { newPendingAuthorization, openPending, sealPending } from "./pending-authorization";

const key = deriveKey(randomBytes(32), "sign-in-cookie");

describe("the pending authorization cookie", () => {
  it("round-trips state, nonce, verifier and a safe return path", async () => {
    const { pending, codeChallenge } = await newPendingAuthorization("https://evil.example/", 60_000);
    expect(pending.returnTo).toBe("/");
    expect(codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(openPending(key, sealPending(key, pending, "a"), "a")).toEqual(pending);
  });

  it("refuses a missing, foreign, tampered or expired cookie", async () => {
    const { pending } = await newPendingAuthorization("/tenants", 60_000);
    const cookie = sealPending(key, pending, "a");
    expect(openPending(key, undefined, "a")).toBe("missing");
    expect(openPending(key, cookie, "b")).toBe("invalid"); // sealed for the other flow
    expect(openPending(key, `${cookie.slice(0, -2)}AA`, "a")).toBe("invalid");
    expect(openPending(key, cookie, "a", Date.now() + 120_000)).toBe("expired");
  });
});
