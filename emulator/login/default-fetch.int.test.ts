// The production trust path: msal's own fetch client in a process started with
// NODE_EXTRA_CA_CERTS (read only at process start, hence a child process).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE } from "@/emulator/contract";
import { IDS, PORTAL_SCOPES, PORTAL_SECRET, REDIRECT_URI } from "./test-directory";
import { startLoginHarness, type LoginHarness } from "./test-harness";

let h: LoginHarness;
beforeAll(async () => {
  h = await startLoginHarness();
});
afterAll(async () => {
  await h.close();
});

const CHILD = fileURLToPath(new URL("./test-child-default-fetch.ts", import.meta.url));

function runChild(extraCa: string | undefined): Promise<Record<string, unknown>> {
  const input = {
    publicBase: h.publicBase,
    host: h.host,
    partner: IDS.partner,
    customer: IDS.fabrikam,
    clientId: IDS.portalApp,
    secret: PORTAL_SECRET,
    redirectUri: REDIRECT_URI,
    scopes: PORTAL_SCOPES,
    upn: "ada.admin@contosomsp.onmicrosoft.com",
  };
  const env: NodeJS.ProcessEnv = { ...process.env, CHILD_INPUT: JSON.stringify(input) };
  delete env.NODE_EXTRA_CA_CERTS;
  if (extraCa) env.NODE_EXTRA_CA_CERTS = extraCa;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`child printed no result: ${out}\n${err}`));
      }
    });
  });
}

describe("msal-node with its default fetch client", () => {
  it("signs in, redeems at a customer authority and gets app-only tokens when the CA comes from NODE_EXTRA_CA_CERTS", async () => {
    const result = await runChild(h.caPath);
    expect(result.error).toBeUndefined();
    expect(result).toEqual({
      appOnly: { tid: IDS.partner },
      user: { tid: IDS.partner, home: `${IDS.users.admin}.${IDS.partner}` },
      gdap: { tid: IDS.fabrikam, wids: [ROLE.conditionalAccessAdministrator], home: `${IDS.users.admin}.${IDS.partner}` },
    });
  });

  it("cannot reach the authority without trusting the CA", async () => {
    const result = await runChild(undefined);
    // msal reports the failed TLS handshake of its discovery request as an endpoint resolution error.
    expect(String(result.error)).toMatch(/endpoints_resolution_error|network|certificate/i);
    expect(result.appOnly).toBeUndefined();
  });
});
