// Writes to the dedicated policy, recorded in remediation history exactly like the engine's fixes:
// a run per button press, a `pending` change row committed before each request, finished once with
// Graph's answer and the re-read policy. Everything runs under the partner tenant's remediation
// lock (lib/remediation/lock.ts), so it never overlaps an exclusion run on the same tenant.
import "server-only";
import { applyGraphPatch } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import type { GraphPolicy, GraphWriteResult } from "../graph/tenant-graph-contract";
import { completeRun, createRun, endRun, policyPath, startRun, TenantBusyError, withTenantLock } from "../remediation";
import { canonicalJson } from "../remediation/fingerprint";
import { errorText, finishPending, graphIds, recordPending, writeOutcomeIsUncertain, type RecordedRequest } from "../remediation/history";
import { partnerTenantIdOf, prismaOf, type PartnerActor, type PartnerContext } from "./context";
import { BETA_RETRY_NOTE, isEveryTimeRefusal } from "./dedicated-policy-shape";
import { openPartnerTenant, type ApiVersion, type PartnerTenant } from "./partner-tenant";

export const DEDICATED_POLICY_ACTIONS = ["create-service-account-policy", "repair-service-account-policy", "enforce-service-account-policy"] as const;
export type DedicatedPolicyAction = (typeof DEDICATED_POLICY_ACTIONS)[number];

const POLICIES = "/identity/conditionalAccess/policies";

export interface DedicatedWrite {
  action: DedicatedPolicyAction;
  /** null: create (POST); otherwise the policy to PATCH. */
  policyId: string | null;
  policyName: string;
  before: GraphPolicy | null;
  reason: string;
  body: object;
}

export interface WriteAttempt {
  apiVersion: ApiVersion;
  changeId: string;
  result: "applied" | "failed" | "pending";
  graphStatus: number | null;
  error: string | null;
}

export interface WriteOutcome {
  attempts: WriteAttempt[];
  /** Graph's answer to the write that succeeded, and through which version. */
  answer: GraphWriteResult | null;
  apiVersion: ApiVersion | null;
  /** The policy as re-read after a successful write (null when the re-read failed). */
  after: GraphPolicy | null;
  /** The final failure when no attempt succeeded. */
  failure: unknown;
  /** BETA_RETRY_NOTE when v1.0 refused everyTime and the write was retried on /beta. */
  note: string | null;
}

/** The path recorded in history: relative to the version, with "/beta" in front when that was used. */
export function recordedPath(policyId: string | null, apiVersion: ApiVersion): string {
  const path = policyId === null ? POLICIES : policyPath(policyId);
  return apiVersion === "beta" ? `/beta${path}` : path;
}

/**
 * Sends one write to the dedicated policy, on v1.0 and, only if v1.0 refuses "every time" sign-in
 * frequency for all apps, once more on /beta. Each attempt has its own history row.
 */
export async function recordedWrite(prisma: PrismaClient, tenant: PartnerTenant, runId: string, write: DedicatedWrite): Promise<WriteOutcome> {
  const attempts: WriteAttempt[] = [];
  let note: string | null = null;
  for (const apiVersion of ["v1.0", "beta"] as const) {
    const request: RecordedRequest = { method: write.policyId === null ? "POST" : "PATCH", path: recordedPath(write.policyId, apiVersion), body: write.body };
    const changeId = await recordPending(prisma, {
      runId,
      tenantId: tenant.graph.tenantId,
      policyId: write.policyId,
      policyName: write.policyName,
      action: write.action,
      plannedOutcome: write.action,
      reason: note ? `${write.reason} Sent through /beta: ${note}.` : write.reason,
      warnings: [],
      before: write.before,
      request,
    });
    try {
      const answer =
        write.policyId === null
          ? await tenant.graph.createPolicy(write.body, { apiVersion })
          : await tenant.patchPolicy(write.policyId, write.body, apiVersion);
      const id = write.policyId ?? createdId(answer);
      const after = id === null ? null : await tenant.graph.getPolicy(id).catch(() => null);
      const verification = after === null ? "Verification: the policy could not be re-read; Graph accepted the write." : null;
      await finishPending(prisma, changeId, {
        result: "applied",
        after: after ?? answer.body,
        graphStatus: answer.status,
        graphRequestId: answer.requestId,
        graphClientRequestId: answer.clientRequestId,
        error: verification,
      });
      attempts.push({ apiVersion, changeId, result: "applied", graphStatus: answer.status, error: verification });
      return { attempts, answer, apiVersion, after, failure: null, note };
    } catch (error) {
      const ids = graphIds(error);
      if (writeOutcomeIsUncertain(error)) {
        // Graph may have made the change: the row stays pending and the next write to the partner
        // tenant settles it by re-reading (settleInterruptedWrites).
        const text = `${errorText(error)} Whether Graph made the change is not known yet; the next action on the partner tenant checks.`;
        attempts.push({ apiVersion, changeId, result: "pending", graphStatus: ids.graphStatus ?? null, error: text });
        return { attempts, answer: null, apiVersion: null, after: null, failure: error, note };
      }
      await finishPending(prisma, changeId, { result: "failed", error: errorText(error), ...ids });
      attempts.push({ apiVersion, changeId, result: "failed", graphStatus: ids.graphStatus ?? null, error: errorText(error) });
      if (apiVersion === "v1.0" && isEveryTimeRefusal(error)) {
        note = BETA_RETRY_NOTE;
        continue;
      }
      return { attempts, answer: null, apiVersion: null, after: null, failure: error, note };
    }
  }
  // Unreachable: the /beta attempt always returns.
  throw new Error("recordedWrite: no attempt was made");
}

function createdId(answer: GraphWriteResult): string | null {
  const id = (answer.body as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}

/**
 * Runs `work` under the partner tenant's lock, first settling writes an earlier crash left pending.
 * `run(kind)` creates the run lazily, so a press that writes nothing (the policy exists already,
 * nothing drifted) leaves no empty run in history; a run that was created is always ended.
 */
export async function withPartnerWrites<T>(
  ctx: PartnerContext,
  by: PartnerActor,
  work: (tenant: PartnerTenant, run: (scope: object, options: object) => Promise<string>) => Promise<T>,
): Promise<T> {
  const prisma = prismaOf(ctx);
  const tenant = await openPartnerTenant(ctx);
  let runId: string | null = null;
  const run = async (scope: object, options: object) => {
    if (runId) return runId;
    const created = await createRun(prisma, {
      kind: "service-account-fix",
      requestedBy: { id: by.id, upn: by.upn },
      scope: { tenantId: partnerTenantIdOf(ctx), ...scope },
      options: { ...options },
    });
    await startRun(prisma, created.id);
    runId = created.id;
    return created.id;
  };
  try {
    const result = await withTenantLock(prisma, tenant.graph.tenantId, async () => {
      await settleInterruptedWrites(prisma, tenant);
      return work(tenant, run);
    });
    if (runId) await completeRun(prisma, runId);
    return result;
  } catch (error) {
    if (runId) await endRun(prisma, runId, error instanceof TenantBusyError ? "cancelled" : "failed").catch(() => undefined);
    throw error;
  }
}

export const SETTLED_APPLIED = "Confirmed by re-read after an interrupted write: the live policy shows the change.";
export const SETTLED_FAILED = "Interrupted before Graph confirmed the write; the live policy does not show the change.";

/**
 * Finishes dedicated-policy rows a crash (or a lost answer) left pending. The engine's own
 * reconciliation only knows exclusion PATCHes and cannot judge a create, whose row has no policy
 * id: a create counts as made when a policy with that name exists now; a PATCH when applying its
 * body again would change nothing. A row whose policy cannot be read now stays pending.
 */
export async function settleInterruptedWrites(prisma: PrismaClient, tenant: PartnerTenant): Promise<number> {
  const rows = await prisma.remediationChange.findMany({
    where: { tenantId: tenant.graph.tenantId, result: "pending", action: { in: [...DEDICATED_POLICY_ACTIONS] } },
    orderBy: { createdAt: "asc" },
  });
  if (rows.length === 0) return 0;
  let policies: GraphPolicy[];
  try {
    policies = await tenant.graph.listPolicies();
  } catch {
    return 0;
  }
  let settled = 0;
  for (const row of rows) {
    const live = row.policyId === null ? policies.find((p) => p.displayName === row.policyName) : policies.find((p) => p.id === row.policyId);
    const body = row.requestBody as Record<string, unknown> | null;
    const shown = live !== undefined && body !== null && (row.policyId === null || canonicalJson(applyGraphPatch(live, body)) === canonicalJson(live));
    const finished = await finishPending(
      prisma,
      row.id,
      shown ? { result: "applied", after: live, error: SETTLED_APPLIED } : { result: "failed", error: SETTLED_FAILED },
    );
    if (finished) settled += 1;
  }
  return settled;
}
