// Child process for default-fetch.int.test.ts: msal-node with its DEFAULT network client (global
// fetch), trusting the local CA only through NODE_EXTRA_CA_CERTS, exactly as the portal will.
// Input: JSON in CHILD_INPUT. Output: one JSON line on stdout. No path aliases (plain node + tsx).
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { readForms, TestBrowser } from "./test-browser";

interface Input {
  publicBase: string;
  host: string;
  partner: string;
  customer: string;
  clientId: string;
  secret: string;
  redirectUri: string;
  scopes: string[];
  upn: string;
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

async function main(): Promise<void> {
  const input = JSON.parse(process.env.CHILD_INPUT ?? "{}") as Input;
  const app = new ConfidentialClientApplication({
    auth: { clientId: input.clientId, clientSecret: input.secret, authority: `${input.publicBase}/${input.partner}`, knownAuthorities: [input.host] },
  });

  const appOnly = await app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });

  const crypto = new CryptoProvider();
  const pkce = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = crypto.createNewGuid();
  const url = await app.getAuthCodeUrl({
    scopes: input.scopes,
    redirectUri: input.redirectUri,
    state,
    nonce,
    codeChallenge: pkce.challenge,
    codeChallengeMethod: "S256",
  });
  const browser = new TestBrowser();
  const page = await browser.get(url);
  const form = readForms(page.text).find((f) => f.buttons.some((b) => b.name === "account"));
  const tile = form?.buttons.find((b) => b.text.includes(input.upn));
  if (!form || !tile?.value) throw new Error("account tile not found");
  const back = await browser.submit(page.url, form, [["account", tile.value]]);
  const params = new URL(back.location ?? "").searchParams;
  const code = params.get("code") ?? "";
  const signedIn = await app.acquireTokenByCode(
    { code, scopes: input.scopes, redirectUri: input.redirectUri, codeVerifier: pkce.verifier, nonce, state },
    { code, state: params.get("state") ?? undefined },
  );
  if (!signedIn.account) throw new Error("no account");
  const gdap = await app.acquireTokenSilent({
    account: { ...signedIn.account, tenantId: input.customer },
    scopes: input.scopes,
    authority: `${input.publicBase}/${input.customer}`,
  });

  process.stdout.write(
    JSON.stringify({
      appOnly: { tid: claimsOf(appOnly?.accessToken ?? "").tid },
      user: { tid: signedIn.tenantId, home: signedIn.account.homeAccountId },
      gdap: { tid: claimsOf(gdap.accessToken).tid, wids: claimsOf(gdap.accessToken).wids, home: gdap.account?.homeAccountId },
    }) + "\n",
  );
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }) + "\n");
  process.exitCode = 1;
});
