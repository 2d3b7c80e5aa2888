// The service account's dedicated policy: create it (report-only by default), repair its drift,
// enforce it. At most one exists: it is found by the stored id, else by the configured name, and
// an existing one is never created again.
import "server-only";
import { buildServiceAccountPolicy, serviceAccountPolicyDrift } from "../ca";
import { GraphFailure, type GraphPolicy } from "../graph/tenant-graph-contract";
import { errorText } from "../remediation/history";
import { defaultPartnerContext, prismaOf, PartnerError, type PartnerActor, type PartnerContext } from "./context";
import { dedicatedPolicyRepairBody, findDedicatedPolicy, SECURITY_DEFAULTS_EXPLANATION } from "./dedicated-policy-shape";
import { recordedWrite, withPartnerWrites, type WriteAttempt, type WriteOutcome } from "./recorded-write";
import { readPartnerSettings, requireAccount } from "./settings-row";

export type DedicatedPolicyState = "enabledForReportingButNotEnforced" | "enabled";

export interface DedicatedPolicyFailure {
  problem: string;
  message: string;
}

interface WriteSummary {
  runId: string;
  attempts: WriteAttempt[];
  apiVersion: "v1.0" | "beta" | null;
  /** The /beta retry, in words, when it happened. */
  note: string | null;
}

export type CreateDedicatedResult =
  | ({ outcome: "created"; policyId: string; policy: GraphPolicy | null; message: string } & WriteSummary)
  | { outcome: "exists"; policyId: string; foundBy: "id" | "name"; drift: string[]; message: string }
  | ({ outcome: "failed"; failure: DedicatedPolicyFailure; message: string } & WriteSummary);

export type RepairDedicatedResult =
  | { outcome: "no-drift"; policyId: string; message: string }
  | ({ outcome: "repaired"; policyId: string; driftBefore: string[]; driftAfter: string[] | null; message: string } & WriteSummary)
  | ({ outcome: "failed"; policyId: string; driftBefore: string[]; failure: DedicatedPolicyFailure; message: string } & WriteSummary);

export type EnforceDedicatedResult =
  | { outcome: "already-enforced"; policyId: string; drift: string[]; message: string }
  | ({ outcome: "enforced"; policyId: string; drift: string[]; message: string } & WriteSummary)
  | ({ outcome: "failed"; policyId: string; failure: DedicatedPolicyFailure; message: string } & WriteSummary);

function failureOf(outcome: WriteOutcome): DedicatedPolicyFailure {
  const error = outcome.failure;
  if (outcome.attempts.at(-1)?.result === "pending") {
    // No clear answer (5xx, network): the change may have been made. Say so rather than "not made".
    return { problem: "uncertain", message: outcome.attempts.at(-1)?.error ?? errorText(error) };
  }
  if (error instanceof GraphFailure && error.problem === "security-defaults") return { problem: "security-defaults", message: SECURITY_DEFAULTS_EXPLANATION };
  return { problem: error instanceof GraphFailure ? error.problem : "unknown", message: errorText(error) };
}

function summary(runId: string, outcome: WriteOutcome): WriteSummary {
  return { runId, attempts: outcome.attempts, apiVersion: outcome.apiVersion, note: outcome.note };
}

/** "was not created", or, when Graph gave no clear answer, that it is not known yet. */
const notDone = (what: "created" | "repaired" | "enforced", failure: DedicatedPolicyFailure) =>
  failure.problem === "uncertain"
    ? `Graph gave no clear answer, so it is not known yet whether the dedicated policy was ${what}: ${failure.message}`
    : `The dedicated policy was not ${what}: ${failure.message}`;

const withNote = (message: string, note: string | null) => (note ? `${message} (${note}; the request was retried through /beta.)` : message);

/**
 * Creates the dedicated policy, unless it exists (then: its drift, and repair is the way forward).
 * Report-only by default, so creating it can never lock the account out; enforcing is a later step.
 */
export async function createDedicatedPolicy(
  by: PartnerActor,
  options: { state?: DedicatedPolicyState } = {},
  ctx: PartnerContext = defaultPartnerContext(),
): Promise<CreateDedicatedResult> {
  const prisma = prismaOf(ctx);
  return withPartnerWrites(ctx, by, async (tenant, run) => {
    const settings = await readPartnerSettings(prisma);
    const account = requireAccount(settings);
    const existing = findDedicatedPolicy(await tenant.graph.listPolicies(), settings);
    if (existing) {
      if (existing.foundBy === "name") await storePolicyId(ctx, existing.policy.id, by);
      const drift = serviceAccountPolicyDrift(existing.policy, { accountId: account.id });
      return {
        outcome: "exists",
        policyId: existing.policy.id,
        foundBy: existing.foundBy,
        drift,
        message:
          drift.length === 0
            ? `The dedicated policy "${existing.policy.displayName}" exists already and has the expected shape; nothing was created.`
            : `The dedicated policy "${existing.policy.displayName}" exists already; nothing was created. It differs from the expected shape: repair it instead.`,
      };
    }
    const body = buildServiceAccountPolicy({
      accountId: account.id,
      displayName: settings.dedicatedPolicyName,
      state: options.state ?? "enabledForReportingButNotEnforced",
    });
    const runId = await run({ policyIds: [] }, { action: "create-service-account-policy", accountObjectId: account.id, state: body.state });
    const outcome = await recordedWrite(prisma, tenant, runId, {
      action: "create-service-account-policy",
      policyId: null,
      policyName: body.displayName,
      before: null,
      reason: `Creates the dedicated policy for the service account ${account.upn}: MFA at every sign-in to every cloud app, ${body.state === "enabled" ? "enforced" : "report-only"}.`,
      body,
    });
    const id = (outcome.answer?.body as { id?: unknown } | null)?.id;
    if (!outcome.answer || typeof id !== "string") {
      const failure = failureOf(outcome);
      return { outcome: "failed", failure, message: withNote(notDone("created", failure), outcome.note), ...summary(runId, outcome) };
    }
    await storePolicyId(ctx, id, by);
    const created = `The dedicated policy "${body.displayName}" was created (${body.state === "enabled" ? "enforced" : "report-only"}).`;
    return {
      outcome: "created",
      policyId: id,
      policy: outcome.after,
      message: outcome.note ? `${outcome.note}; created through /beta. ${created}` : created,
      ...summary(runId, outcome),
    };
  });
}

/** Restores the expected shape of the existing dedicated policy (one PATCH), leaving name and state alone. */
export async function repairDedicatedPolicy(by: PartnerActor, ctx: PartnerContext = defaultPartnerContext()): Promise<RepairDedicatedResult> {
  const prisma = prismaOf(ctx);
  return withPartnerWrites(ctx, by, async (tenant, run) => {
    const settings = await readPartnerSettings(prisma);
    const account = requireAccount(settings);
    const existing = findDedicatedPolicy(await tenant.graph.listPolicies(), settings);
    if (!existing) throw new PartnerError("not-found", "There is no dedicated policy to repair: create it first.");
    const { policy } = existing;
    const driftBefore = serviceAccountPolicyDrift(policy, { accountId: account.id });
    if (driftBefore.length === 0)
      return { outcome: "no-drift", policyId: policy.id, message: "The dedicated policy already has the expected shape; nothing was sent." };
    const runId = await run({ policyIds: [policy.id] }, { action: "repair-service-account-policy", accountObjectId: account.id });
    const outcome = await recordedWrite(prisma, tenant, runId, {
      action: "repair-service-account-policy",
      policyId: policy.id,
      policyName: policy.displayName,
      before: policy,
      reason: `Restores the dedicated policy's expected shape: ${driftBefore.join(" ")}`,
      body: dedicatedPolicyRepairBody(policy, account.id),
    });
    if (!outcome.answer) {
      const failure = failureOf(outcome);
      return {
        outcome: "failed",
        policyId: policy.id,
        driftBefore,
        failure,
        message: withNote(notDone("repaired", failure), outcome.note),
        ...summary(runId, outcome),
      };
    }
    const driftAfter = outcome.after ? serviceAccountPolicyDrift(outcome.after, { accountId: account.id }) : null;
    const verified =
      driftAfter === null ? " (it could not be re-read to confirm)" : driftAfter.length === 0 ? "" : `, but it still differs: ${driftAfter.join(" ")}`;
    return {
      outcome: "repaired",
      policyId: policy.id,
      driftBefore,
      driftAfter,
      message: withNote(`The dedicated policy was repaired${verified}.`, outcome.note),
      ...summary(runId, outcome),
    };
  });
}

/** Switches the dedicated policy from report-only (or off) to enforced. */
export async function enforceDedicatedPolicy(by: PartnerActor, ctx: PartnerContext = defaultPartnerContext()): Promise<EnforceDedicatedResult> {
  const prisma = prismaOf(ctx);
  return withPartnerWrites(ctx, by, async (tenant, run) => {
    const settings = await readPartnerSettings(prisma);
    const account = requireAccount(settings);
    const existing = findDedicatedPolicy(await tenant.graph.listPolicies(), settings);
    if (!existing) throw new PartnerError("not-found", "There is no dedicated policy to enforce: create it first.");
    const { policy } = existing;
    const drift = serviceAccountPolicyDrift(policy, { accountId: account.id });
    if (policy.state === "enabled")
      return { outcome: "already-enforced", policyId: policy.id, drift, message: "The dedicated policy is already enforced; nothing was sent." };
    const runId = await run({ policyIds: [policy.id] }, { action: "enforce-service-account-policy", accountObjectId: account.id });
    const outcome = await recordedWrite(prisma, tenant, runId, {
      action: "enforce-service-account-policy",
      policyId: policy.id,
      policyName: policy.displayName,
      before: policy,
      reason: `Enforces the dedicated policy (state "${policy.state}" -> "enabled").`,
      body: { state: "enabled" },
    });
    if (!outcome.answer) {
      const failure = failureOf(outcome);
      return { outcome: "failed", policyId: policy.id, failure, message: withNote(notDone("enforced", failure), outcome.note), ...summary(runId, outcome) };
    }
    const still = drift.length > 0 ? ` It still differs from the expected shape: repair it.` : "";
    return {
      outcome: "enforced",
      policyId: policy.id,
      drift,
      message: withNote(`The dedicated policy is enforced.${still}`, outcome.note),
      ...summary(runId, outcome),
    };
  });
}

async function storePolicyId(ctx: PartnerContext, policyId: string, by: PartnerActor): Promise<void> {
  await prismaOf(ctx).partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyId: policyId, updatedByUpn: by.upn } });
}
