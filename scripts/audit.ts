// `npm run audit:deps [-- --allow-unavailable]`: the production dependencies' audit CI runs.
// High and critical advisories fail it unless audit-exceptions.json accepts them (README, "Build
// hygiene"). A registry that cannot answer audits (this machine's mirror answers 405) makes the audit
// "not done": exit code 2, or 0 with --allow-unavailable, and in both cases a line that says so.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { exceptionsSchema, judgeAudit } from "./audit/decide";

const allowUnavailable = process.argv.includes("--allow-unavailable");
const exceptions = exceptionsSchema.parse(JSON.parse(readFileSync("audit-exceptions.json", "utf8")));
const r = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const verdict = judgeAudit(r.stdout ?? "", exceptions, new Date().toISOString().slice(0, 10));

for (const e of verdict.kind === "not-done" ? [] : verdict.expired)
  console.log(`[audit] exception for ${e.advisory} (${e.package}) expired on ${e.until}: it no longer counts`);
for (const a of verdict.kind === "not-done" ? [] : verdict.accepted)
  console.log(`[audit] accepted until ${a.exception.until} by ${a.exception.acceptedBy}: ${a.severity} ${a.advisory} in ${a.package} (${a.exception.reason})`);

if (verdict.kind === "passed") {
  console.log("[audit] production dependencies: no high or critical advisory open");
} else if (verdict.kind === "failed") {
  for (const f of verdict.findings) console.log(`[audit] ${f.severity.toUpperCase()} ${f.advisory} in ${f.package}: ${f.title}`);
  console.log(
    `[audit] FAILED: ${verdict.findings.length} high or critical advisor${verdict.findings.length === 1 ? "y" : "ies"}; update, or record an exception in audit-exceptions.json`,
  );
  process.exit(1);
} else {
  console.log(`[audit] NOT DONE: the registry did not answer the audit (${verdict.reason}); nothing is known about advisories`);
  process.exit(allowUnavailable ? 0 : 2);
}
