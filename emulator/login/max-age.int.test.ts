// OIDC max_age and auth_time as Entra honours them: the account picker signs a remembered account
// in again without a password (single sign-on, the old auth_time), unless the app's max_age is
// exceeded, when the person must authenticate again and the ID token carries a new auth_time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "./test-browser";
import { PORTAL_SCOPES, REDIRECT_URI } from "./test-directory";
import { pickAccount, redirectParams, startLoginHarness, startSignIn, type LoginHarness } from "./test-harness";
import type { ConfidentialClientApplication } from "@azure/msal-node";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const ADA = "ada.admin@contosomsp.onmicrosoft.com";

/** One sign-in through the picker in `browser`; returns the ID token's auth_time (seconds). */
async function signIn(app: ConfidentialClientApplication, browser: TestBrowser, extra: Record<string, string> = {}) {
  const s = await startSignIn(app, { browser, extra: { prompt: "select_account", extraQueryParameters: extra } });
  expect(s.page.status).toBe(200); // the account picker, every time with select_account
  const params = redirectParams(await pickAccount(s, ADA));
  const result = await app.acquireTokenByCode(
    { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce, state: s.state },
    { code: params.get("code") ?? "", state: params.get("state") ?? undefined },
  );
  return (result.idTokenClaims as { auth_time: number }).auth_time;
}

describe("max_age and auth_time", () => {
  it("keeps the remembered auth_time on single sign-on, and asks again once max_age is exceeded", async () => {
    const app = h.msalApp();
    const browser = new TestBrowser();
    const first = await signIn(app, browser);
    expect(Math.abs(first - Date.now() / 1000)).toBeLessThan(5);

    // The remembered sign-in is 20 minutes old: choosing the account again is single sign-on.
    expect(h.face.ageSignIns(20 * 60_000)).toBe(1);
    const sso = await signIn(app, browser);
    expect(sso).toBe(first - 20 * 60);

    // With max_age=900 the 20-minute-old sign-in does not count: choosing the account authenticates anew.
    const fresh = await signIn(app, browser, { max_age: "900" });
    expect(Math.abs(fresh - Date.now() / 1000)).toBeLessThan(5);

    // A sign-in within max_age is kept as it is.
    expect(await signIn(app, browser, { max_age: "900" })).toBe(fresh);
  });

  it("prompt=none with a remembered sign-in older than max_age answers login_required", async () => {
    const app = h.msalApp();
    const browser = new TestBrowser();
    await signIn(app, browser);
    h.face.ageSignIns(30 * 60_000);
    const s = await startSignIn(app, { browser, extra: { prompt: "none", extraQueryParameters: { max_age: "900" } } });
    expect(s.page.status).toBe(302);
    expect(new URL(s.page.location!).searchParams.get("error")).toBe("login_required");
    const silent = await startSignIn(app, { browser, extra: { prompt: "none" } });
    expect(new URL(silent.page.location!).searchParams.get("code")).toBeTruthy();
  });
});
