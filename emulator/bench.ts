// `npm run bench:emulator [-- --tenants 5000 --seconds 5 --connections 32]`: requests/second for
// simple GETs over keep-alive loopback connections, and the emulator's resident memory with N
// tenants, before and after every tenant's content (users, policies) has been made. The emulator
// runs on the main thread, the clients in a worker thread (bench-load.mjs). Figures only.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { GRAPH_AUDIENCE } from "./contract";
import { startEmulator, type RunningEmulator } from "./server";
import { signJwt } from "./tokens";

interface Args {
  tenants: number;
  seconds: number;
  connections: number;
}

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  error?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { tenants: 5000, seconds: 5, connections: 32 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, "") as keyof Args | undefined;
    const value = Number(argv[i + 1]);
    if (!key || !(key in out) || !Number.isInteger(value) || value <= 0) {
      process.stderr.write(`bench:emulator: bad argument ${argv[i] ?? ""} ${argv[i + 1] ?? ""}\nusage: --tenants N --seconds N --connections N\n`);
      process.exit(2);
    }
    out[key] = value;
  }
  return out;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function appToken(em: RunningEmulator, tenantId: string, roles: string[]): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(em.signingKey, {
    aud: GRAPH_AUDIENCE,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    tid: tenantId,
    appid: em.fleet.portalApp.clientId,
    idtyp: "app",
    ver: "1.0",
    oid: "bench",
    sub: "bench",
    roles,
  });
}

function load(em: RunningEmulator, path: string, token: string, seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./bench-load.mjs", import.meta.url), {
      workerData: { url: `${em.url}${path}`, token, ca: em.ca, seconds, connections },
    });
    worker.once("message", (r: LoadResult) => (r.error ? reject(new Error(r.error)) : resolve(r)));
    worker.once("error", reject);
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const em = await startEmulator({
    port: 0,
    browserPort: 0,
    tenants: args.tenants,
    timeScale: 1,
    certDir: join(tmpdir(), "msp-ca-portal-emulator-bench-certs"),
  });
  const startMs = Math.round(performance.now() - t0);
  try {
    const rssStart = process.memoryUsage().rss;
    const tenant = em.fleet.customers[0]!;
    const orgPath = "/v1.0/organization";
    const orgToken = appToken(em, tenant.id, ["Directory.Read.All"]);
    await load(em, orgPath, orgToken, 1, args.connections); // warm-up: JIT and connections
    const org = await load(em, orgPath, orgToken, args.seconds, args.connections);
    const usersPath = "/v1.0/users?$top=10&$select=id,displayName";
    const users = await load(em, usersPath, appToken(em, tenant.id, ["User.Read.All"]), args.seconds, args.connections);
    const m0 = performance.now();
    let policies = 0;
    for (const t of em.fleet.customers) policies += em.fleet.content(t).policies.size;
    const materialiseMs = Math.round(performance.now() - m0);
    global.gc?.();
    const rssAll = process.memoryUsage().rss;
    const heapAll = process.memoryUsage().heapUsed;
    process.stdout.write(
      [
        `emulator bench: ${args.tenants} tenants, ${args.connections} keep-alive connections, ${args.seconds} s per run, Node ${process.version}`,
        `start (fleet headers + TLS + listen): ${startMs} ms`,
        `GET ${orgPath}: ${org.rps} req/s (p50 ${org.p50} ms, p99 ${org.p99} ms, ${org.requests} requests, ${org.errors} non-200)`,
        `GET ${usersPath}: ${users.rps} req/s (p50 ${users.p50} ms, p99 ${users.p99} ms, ${users.errors} non-200)`,
        `RSS: ${mb(baseline)} MB before start, ${mb(rssStart)} MB with ${args.tenants} tenants started (content lazy)`,
        `RSS after making every tenant's content (${policies} policies, ${materialiseMs} ms): ${mb(rssAll)} MB (heap used ${mb(heapAll)} MB)`,
        "",
      ].join("\n"),
    );
  } finally {
    await em.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:emulator: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
