// `npm run emulator -- --port 4443 --tenants 40 --seed 1 --time-scale 1 --cert-dir DIR`: the local
// Microsoft cloud as a process. Prints `emulator ready https://127.0.0.1:<port>` and the CA path,
// exits cleanly on SIGINT/SIGTERM, and exits when its parent dies (a SIGKILLed launcher must not
// leave an orphan holding the ports). Tests start it in-process with startEmulator instead.
import { pathToFileURL } from "node:url";
import { watchParent } from "./parent-watch";
import { CliError, parseCliArgs, USAGE } from "./cli-args";
import { startEmulator } from "./server";

export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";

async function main(argv: string[]): Promise<void> {
  let opts;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`emulator: ${e.message}\n${USAGE}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Watch the parent from the start: a launcher killed while the fleet is built (or right after "ready",
  // before this process ran again on a busy machine) would otherwise leave us watching pid 1.
  const orphaned = new Promise<void>((resolve) => watchParent(resolve));
  const emulator = await startEmulator({
    port: opts.port,
    browserPort: opts.browserPort,
    tenants: opts.tenants,
    policiesPerTenant: opts.policiesPerTenant,
    seed: opts.seed,
    timeScale: opts.timeScale,
    certDir: opts.certDir,
    portalOrigins: opts.portalOrigins,
  });
  const f = emulator.fleet;
  process.stdout.write(
    [
      `emulator ready ${emulator.url}`,
      `CA certificate: ${emulator.caPath} (trust it with NODE_EXTRA_CA_CERTS=${emulator.caPath})`,
      `sign-in pages (plain HTTP, no certificate warning): ${emulator.browserUrl}`,
      `partner tenant ${f.partner.id} (${f.partner.defaultDomain}), ${f.customers.length} customer tenants, seed ${f.seed}, time scale ${opts.timeScale}`,
      `portal app client id ${f.portalApp.clientId}; control plane ${emulator.url}/_emulator/fleet`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // An orphan must go even if a connection holds the close up (a busy machine, a stuck client).
    setTimeout(() => process.exit(code), 3000).unref();
    await emulator.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  void orphaned.then(() => stop(0));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`emulator: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
