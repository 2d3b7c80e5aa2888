// The portal's production build (`next build` into .next/), made when a source changed since the last
// one: the demo launcher and the production-mode test both start `npm start`, which needs it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { childEnv } from "../../lib/config";

const SOURCES = ["app", "components", "lib", "public", "next.config.js", "package-lock.json", "tsconfig.json"];

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

export function portalBuildIsCurrent(): boolean {
  const buildId = join(".next", "BUILD_ID");
  return existsSync(buildId) && statSync(buildId).mtimeMs > newestMtime(SOURCES);
}

/** Builds unless the build is current; `say` tells a person what happens. Throws with the build's output when it fails. */
export function buildPortalIfNeeded(say: (message: string) => void): void {
  if (portalBuildIsCurrent()) {
    say("portal build is up to date");
    return;
  }
  say("building the portal for production (next build, about a minute the first time)…");
  try {
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }),
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`next build failed:\n${e.stdout?.toString().slice(-4000) ?? ""}${e.stderr?.toString().slice(-4000) ?? ""}`, { cause: err });
  }
  say("portal built");
}
