// The launcher's side of the local Microsoft cloud (emulator/): start it as a child, wait until it
// is ready, and read its fleet, so the portal can be configured exactly as it would be for
// Microsoft: two base URLs, the app's credentials, and trust in its CA (NODE_EXTRA_CA_CERTS).
import { readFileSync } from "node:fs";
import { get } from "node:https";
import { logTail, spawnChild, waitFor, type Child } from "./supervisor";

export interface LocalCloudFleet {
  partner: {
    tenantId: string;
    displayName: string;
    domain: string;
    app: { clientId: string; clientSecret: string };
    serviceAccount: { id: string; userPrincipalName: string; password: string };
    staff: { userPrincipalName: string; displayName: string; password: string; portalRole: string | null; guest?: boolean }[];
  };
  customers: { tenantId: string; displayName: string; tags: string[] }[];
}

export interface LocalCloud {
  child: Child;
  url: string;
  browserUrl: string;
  caPath: string;
  fleet: LocalCloudFleet;
}

export interface LocalCloudOptions {
  port: number;
  certDir: string;
  portalOrigin: string;
  tenants?: number;
  timeScale?: number;
  logDir: string;
  env: NodeJS.ProcessEnv;
}

function getJson<T>(url: string, ca: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (err) {
          reject(err);
        }
      });
    }).on("error", reject);
  });
}

export async function startLocalCloud(o: LocalCloudOptions): Promise<LocalCloud> {
  const args = ["--import", "tsx", "emulator/main.ts", "--port", String(o.port), "--cert-dir", o.certDir, "--portal-origin", o.portalOrigin];
  if (o.tenants !== undefined) args.push("--tenants", String(o.tenants));
  if (o.timeScale !== undefined) args.push("--time-scale", String(o.timeScale));
  const child = spawnChild("local-cloud", args, { env: o.env, logDir: o.logDir });
  const start = readFileSync(child.logPath, "utf8").length; // the log is appended across runs
  const fresh = () => readFileSync(child.logPath, "utf8").slice(start);
  try {
    await waitFor(async () => /emulator ready https:\/\/\S+/.test(fresh()), 60_000, "the local Microsoft cloud", child.exited);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${logTail(child.logPath)}`);
  }
  const out = fresh();
  const url = out.match(/emulator ready (https:\/\/\S+)/)![1]!;
  const caPath = out.match(/NODE_EXTRA_CA_CERTS=(\S+?)\)/)?.[1];
  const browserUrl = out.match(/sign-in pages[^:]*: (http:\/\/\S+)/)?.[1] ?? url;
  if (!caPath) throw new Error(`the local Microsoft cloud did not say where its CA is:\n${out}`);
  const fleet = await getJson<LocalCloudFleet>(`${url}/_emulator/fleet`, readFileSync(caPath, "utf8"));
  return { child, url, browserUrl, caPath, fleet };
}
