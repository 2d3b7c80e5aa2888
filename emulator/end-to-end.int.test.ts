// Both faces on the seeded fleet, through the real clients: the partner's service account signs in
// (msal-node, authorization code + PKCE through the plain-HTTP sign-in page), its GDAP token for a
// "blocked-by-ca" customer is refused with AADSTS53003; the portal fixes the blocking policy app-only
// (client credentials + graph-client PATCH adding the service-provider exclusion); the same GDAP
// redemption then yields a token that Graph accepts.
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "@/emulator/fleet/model";
import { readForms, TestBrowser } from "@/emulator/login/test-browser";
import { caTrustingNetworkClient } from "@/emulator/login/test-https-client";
import type { RunningEmulator } from "@/emulator/server";
import { graphClient, startTestEmulator } from "@/emulator/testing/clients";

const GRAPH_DEFAULT = ["https://graph.microsoft.com/.default"];
const SCOPES = ["https://graph.microsoft.com/Policy.Read.All", "https://graph.microsoft.com/Policy.ReadWrite.ConditionalAccess"];

let em: RunningEmulator;

function msal(authorityTenant: string): ConfidentialClientApplication {
  const host = new URL(em.url).host;
  return new ConfidentialClientApplication({
    auth: {
      clientId: em.fleet.portalApp.clientId,
      clientSecret: em.fleet.portalApp.secrets[0],
      authority: `${em.url}/${authorityTenant}`,
      knownAuthorities: [host],
    },
    system: { networkClient: caTrustingNetworkClient(em.ca) },
  });
}

beforeAll(async () => {
  em = await startTestEmulator();
});

afterAll(async () => {
  await em?.close();
});

describe("before and after excluding service providers", () => {
  it("refuses the GDAP token with AADSTS53003, then issues it once the policy excludes the partner", async () => {
    const partner = em.fleet.partner;
    const blocked = em.fleet.customers.find((t) => t.tags[0] === "blocked-by-ca")!;
    const redirectUri = em.fleet.portalApp.redirectUris[0]!;
    const app = msal(partner.id);

    // Interactive sign-in of the service account at the partner authority.
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const url = await app.getAuthCodeUrl({ scopes: SCOPES, redirectUri, codeChallenge: challenge, codeChallengeMethod: "S256", state: "s1" });
    expect(url.startsWith(em.browserUrl)).toBe(true); // the browser goes to plain HTTP: no certificate warning
    const browser = new TestBrowser();
    const page = await browser.get(url);
    const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"));
    expect(form).toBeDefined();
    const account = em.fleet.serviceAccount;
    const back = await browser.submit(page.url, form!, [
      ["upn", account.userPrincipalName],
      ["password", account.password],
    ]);
    const params = new URL(back.location ?? "http://invalid/").searchParams;
    const signedIn = await app.acquireTokenByCode(
      { code: params.get("code") ?? "", scopes: SCOPES, redirectUri, codeVerifier: verifier, state: "s1" },
      { code: params.get("code") ?? "", state: params.get("state") ?? undefined, client_info: params.get("client_info") ?? undefined },
    );
    expect(signedIn.account?.username).toBe(account.userPrincipalName);

    // GDAP redemption at the customer authority: blocked by the compliant-device policy.
    const before = await app
      .acquireTokenSilent({ account: signedIn.account!, scopes: GRAPH_DEFAULT, authority: `${em.url}/${blocked.id}`, forceRefresh: true })
      .catch((e: unknown) => e);
    expect(String((before as Error).message)).toContain("AADSTS53003");

    // The fix, app-only (the app has application roles in this tenant).
    const appOnly = await msal(blocked.id).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, authority: `${em.url}/${blocked.id}` });
    const graph = await graphClient(em, appOnly!.accessToken);
    const list = (await graph.api("/identity/conditionalAccess/policies").get()) as { value: Json[] };
    const blocking = list.value.find((p) => p.displayName === "Require compliant device for all users")!;
    const exclusion = {
      conditions: {
        users: {
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "serviceProvider",
            externalTenants: {
              "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
              membershipKind: "enumerated",
              members: [partner.id],
            },
          },
        },
      },
    };
    await graph.api(`/identity/conditionalAccess/policies/${String(blocking.id)}`).patch(exclusion);
    const logged = em.log.list({ tenantId: blocked.id, method: "PATCH" });
    expect(logged.map((e) => e.requestBody)).toEqual([exclusion]);
    expect(logged[0]?.caller).toBe("app");

    // After: the same redemption gives a token Graph accepts for reads (GDAP Security Reader at least).
    const after = await app.acquireTokenSilent({ account: signedIn.account!, scopes: GRAPH_DEFAULT, authority: `${em.url}/${blocked.id}`, forceRefresh: true });
    const delegated = await graphClient(em, after.accessToken);
    const again = (await delegated.api("/identity/conditionalAccess/policies").get()) as { value: Json[] };
    expect(again.value.length).toBe(list.value.length);
  });
});
