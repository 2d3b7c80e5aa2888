import { describe, expect, it } from "vitest";
import { freshSignInUrl, isFreshSignIn, staleSignInMessage } from "./fresh-sign-in";
import { safeReturnTo } from "./return-to";

const now = new Date("2026-12-06T10:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe("fresh sign-in", () => {
  it("is fresh up to the limit, not after, and never when the time is unknown", () => {
    expect(isFreshSignIn(ago(0), 15, now)).toBe(true);
    expect(isFreshSignIn(ago(15), 15, now)).toBe(true);
    expect(isFreshSignIn(ago(15.1), 15, now)).toBe(false);
    expect(isFreshSignIn(null, 15, now)).toBe(false);
  });

  it("says why in words", () => {
    expect(staleSignInMessage(ago(23), 15, now)).toBe(
      "This needs a sign-in within the last 15 minutes; you last signed in 23 minutes ago. Sign in again to continue.",
    );
    expect(staleSignInMessage(null, 15, now)).toBe(
      "This needs a sign-in within the last 15 minutes, and Microsoft Entra ID did not say when you last signed in. Sign in again to continue.",
    );
  });

  it("the sign-in URL carries a return address the sign-in accepts as it is", () => {
    const url = new URL(freshSignInUrl("/partner?tab=policies"), "http://portal.invalid");
    expect(url.pathname).toBe("/api/auth/login");
    expect(url.searchParams.get("fresh")).toBe("1");
    expect(safeReturnTo(url.searchParams.get("returnTo"))).toBe("/partner?tab=policies");
  });
});
