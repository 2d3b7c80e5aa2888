// Run after `npm install` changes package-lock.json.
// npm builds the lockfile from the installed tree when node_modules exists, and that tree holds only
// this platform's optional binaries (@next/swc-darwin-arm64, @unrs/resolver-binding-win32-…): the
// others drop out of the lock (npm/cli#4828), and `npm ci` then refuses the lock as "out of sync".
// Resolving the same package.json and lock again with no node_modules (`--package-lock-only` in a
// scratch directory) makes npm read every optional package's metadata from the registry, so each
// entry comes back complete with its version, os/cpu and `integrity`. Locked versions are kept.
// An earlier version of this script wrote the missing entries by hand and left them without an
// integrity hash; this one fails if any entry still lacks one.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "lockfile-"));
try {
  copyFileSync("package.json", join(scratch, "package.json"));
  // Entries without an integrity hash (written by hand by an older version of this script) are dropped,
  // so npm resolves them again instead of keeping them as they are.
  const incomplete = JSON.parse(readFileSync("package-lock.json", "utf8"));
  for (const [path, entry] of Object.entries(incomplete.packages)) if (path !== "" && !entry.link && !entry.integrity) delete incomplete.packages[path];
  writeFileSync(join(scratch, "package-lock.json"), JSON.stringify(incomplete, null, 2) + "\n");
  execFileSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: scratch,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const before = JSON.parse(readFileSync("package-lock.json", "utf8")).packages;
  const lock = JSON.parse(readFileSync(join(scratch, "package-lock.json"), "utf8"));
  const changed = Object.entries(lock.packages).filter(([path, entry]) => JSON.stringify(before[path]) !== JSON.stringify(entry));
  const missing = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && !entry.link && !entry.integrity);
  if (missing.length > 0) {
    console.error(`lockfile: ${missing.length} entries still have no integrity hash: ${missing.map(([p]) => p).join(", ")}`);
    process.exit(1);
  }
  writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
  console.log(`lockfile: ${changed.length} entr${changed.length === 1 ? "y" : "ies"} completed; every entry has an integrity hash`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
