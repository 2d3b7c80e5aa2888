// What `npm audit --omit=dev --json` says, judged: high and critical advisories fail the check unless
// audit-exceptions.json accepts them (by advisory id, with a reason, who accepted it and until when);
// an audit the registry could not answer is said to be not done, never counted as clean.
import { z } from "zod";

export const exceptionsSchema = z.array(
  z
    .object({
      advisory: z.string().regex(/^GHSA(-[0-9a-z]{4}){3}$/, "expected a GitHub advisory id like GHSA-xxxx-xxxx-xxxx"),
      package: z.string().min(1),
      reason: z.string().min(20, "say why the advisory does not apply or cannot be fixed yet"),
      acceptedBy: z.string().min(1),
      until: z.iso.date(),
    })
    .strict(),
);
export type AuditException = z.infer<typeof exceptionsSchema>[number];

const advisory = z.object({ source: z.number().optional(), url: z.string(), title: z.string(), severity: z.string(), name: z.string().optional() });
const report = z.object({
  vulnerabilities: z.record(z.string(), z.object({ name: z.string(), severity: z.string(), via: z.array(z.union([z.string(), advisory])) })),
});

export interface Finding {
  advisory: string;
  package: string;
  severity: string;
  title: string;
}

export type Verdict =
  | { kind: "passed"; accepted: (Finding & { exception: AuditException })[]; expired: AuditException[] }
  | { kind: "failed"; findings: Finding[]; accepted: (Finding & { exception: AuditException })[]; expired: AuditException[] }
  | { kind: "not-done"; reason: string };

const SEVERE = new Set(["high", "critical"]);

/** `stdout` is npm audit's JSON; `today` is YYYY-MM-DD. */
export function judgeAudit(stdout: string, exceptions: AuditException[], today: string): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return { kind: "not-done", reason: "npm audit printed no JSON report" };
  }
  const parsed = report.safeParse(json);
  if (!parsed.success) {
    const err = json as { message?: string; statusCode?: number; error?: { summary?: string } };
    return { kind: "not-done", reason: err.message ?? err.error?.summary ?? "npm audit's answer is not an audit report" };
  }
  const findings = new Map<string, Finding>();
  for (const vuln of Object.values(parsed.data.vulnerabilities)) {
    for (const via of vuln.via) {
      if (typeof via === "string" || !SEVERE.has(via.severity)) continue;
      const id = via.url.match(/GHSA(-[0-9a-z]{4}){3}/)?.[0] ?? via.url;
      findings.set(`${id} ${vuln.name}`, { advisory: id, package: vuln.name, severity: via.severity, title: via.title });
    }
  }
  const live = exceptions.filter((e) => e.until >= today);
  const expired = exceptions.filter((e) => e.until < today);
  const accepted: (Finding & { exception: AuditException })[] = [];
  const open: Finding[] = [];
  for (const f of findings.values()) {
    const exception = live.find((e) => e.advisory === f.advisory && e.package === f.package);
    if (exception) accepted.push({ ...f, exception });
    else open.push(f);
  }
  return open.length > 0 ? { kind: "failed", findings: open, accepted, expired } : { kind: "passed", accepted, expired };
}
