// `npm run contract`: the contract suite (testing/contract/graph-contract.ts) from the command line.
//   npm run contract               against the local cloud, started in-process (what `npm test` also runs)
//   npm run contract -- --live     against a real TEST tenant named by CONTRACT_* variables (see the usage)
// Live mode refuses to start, contacting nothing, when a variable is missing or invalid (exit status 2).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runContract, type ContractTarget } from "../testing/contract/graph-contract";
import { appOnlyGraph, CONTRACT_USAGE, fetchHttp, readLiveEnv } from "../testing/contract/targets";

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--live" && a !== "--help" && a !== "-h");
  if (args.includes("--help") || args.includes("-h") || unknown.length > 0) {
    if (unknown.length > 0) process.stderr.write(`Unknown argument: ${unknown.join(" ")}\n\n`);
    (unknown.length > 0 ? process.stderr : process.stdout).write(CONTRACT_USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (args.includes("--live")) {
    const env = readLiveEnv(process.env);
    if (!env.ok) {
      process.stderr.write(`${CONTRACT_USAGE}\nRefusing to start: ${env.problems.join("; ")}.\n`);
      return 2;
    }
    const c = env.config;
    const common = { authorityHost: c.authorityHost, graphUrl: c.graphUrl, tenantId: c.tenantId, http: fetchHttp };
    const target: ContractTarget = {
      name: `tenant ${c.tenantId} (${c.graphUrl})`,
      tenantId: c.tenantId,
      paceMs: 1100,
      graph: appOnlyGraph({ ...common, app: c.full }),
      writeOnlyGraph: appOnlyGraph({ ...common, app: c.writeOnly }),
    };
    const report = await runContract(target, log);
    return report.failed.length > 0 || report.left.length > 0 ? 1 : 0;
  }
  // The local cloud, in-process (its modules load only here: live mode needs none of it).
  const { startEmulator } = await import("../emulator/main");
  const { localCloudTarget } = await import("../testing/contract/local-cloud-target");
  const certDir = mkdtempSync(join(tmpdir(), "contract-certs-"));
  const timeScale = 0.1;
  const em = await startEmulator({ port: 0, browserPort: 0, tenants: 20, seed: 5, timeScale, certDir });
  try {
    const report = await runContract(await localCloudTarget(em, timeScale), log);
    return report.failed.length > 0 || report.left.length > 0 ? 1 : 0;
  } finally {
    await em.close();
    rmSync(certDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`contract suite: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
