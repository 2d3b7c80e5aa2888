// The engine's items, as zod schemas: one for a previewed policy (what a preview stores and every
// view of it is computed from) and one for an item to apply (what a confirmed run hands the engine).
// Every entrance (a policy's button, a tenant's "Fix all", the bulk wizard, the partner page) and
// every job uses these; nothing is stored in a browser's shape.
import { z } from "zod";
import { REMEDIATION_ACTIONS } from "./actions";

export const remediationAction = z.enum(REMEDIATION_ACTIONS);

const policyJson = z.record(z.string(), z.unknown());

/** A live policy as Graph returned it: lib/ca reads the rest. */
export const graphPolicy = policyJson.and(z.object({ id: z.string(), displayName: z.string(), state: z.string() }));

export const graphRequest = z.strictObject({
  method: z.enum(["PATCH", "POST"]),
  path: z.string().min(1).max(500),
  body: policyJson,
});

/** One policy (or, for a create, the policy to be) in a preview. */
export const policyPreview = z.strictObject({
  action: remediationAction,
  /** null: the dedicated policy the preview would create. */
  policyId: z.string().min(1).max(200).nullable(),
  name: z.string(),
  state: z.string().nullable(),
  /** lib/ca's PlanOutcome, a dedicated-policy outcome, or "unreadable". */
  outcome: z.string(),
  reason: z.string(),
  warnings: z.array(z.string()),
  /** The live policy the plan was made from; null when there is none (create). */
  before: graphPolicy.nullable(),
  /** The exact request the engine would send; null when nothing would be sent. */
  request: graphRequest.nullable(),
  /** needs-review with a proposed request: sent only when a person ticks this very policy. */
  requiresConfirmation: z.boolean(),
  /** What the preview was based on; the engine compares it with what it re-reads. */
  fingerprint: z.string().min(1).max(400),
});
export type PolicyPreview = z.output<typeof policyPreview>;

export const accessPath = z.enum(["delegated", "app-only"]);

/** One tenant's preview as stored with its run. */
export const tenantPreview = z.strictObject({
  tenantId: z.string(),
  action: remediationAction,
  /** How the preview reached the tenant, and why when it is the fallback. */
  access: z.strictObject({ path: accessPath, fallbackReason: z.string().nullable() }),
  policies: z.array(policyPreview),
  /** Requested policy ids the tenant does not have (any more). */
  missing: z.array(z.string()),
  /** Policies left out on purpose, and why (the service account's dedicated policy is never part of its exclusion). */
  leftOut: z.array(z.strictObject({ policyId: z.string(), name: z.string(), reason: z.string() })),
});
export type TenantPreview = z.output<typeof tenantPreview>;

/** An item to apply: which policy (null: the policy to create), what the preview saw, whether a person ticked it. */
export const applyItem = z.strictObject({
  policyId: z.string().min(1).max(200).nullable(),
  expectedFingerprint: z.string().min(1).max(400),
  confirmedNeedsReview: z.boolean(),
});
export type ApplyItem = z.output<typeof applyItem>;

/** A tenant's items: each policy once (the engine refuses a policy listed twice). */
export const applyItems = z
  .array(applyItem)
  .max(1000)
  .refine((items) => new Set(items.map((i) => i.policyId)).size === items.length, { message: "Each policy may be listed once." });

const dedicatedPolicyRef = z.strictObject({ dedicatedPolicyId: z.string().min(1).max(200).nullable(), dedicatedPolicyName: z.string().min(1).max(256) });
const serviceAccount = { accountObjectId: z.uuid(), accountUpn: z.string().min(1).max(320), dedicatedPolicy: dedicatedPolicyRef };

/** The engine's target (actions.ts FixTarget), as a run stores it. */
export const fixTarget = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("exclude-service-provider"), partnerTenantId: z.uuid() }),
  z.strictObject({ action: z.literal("exclude-service-account"), ...serviceAccount }),
  z.strictObject({ action: z.literal("create-service-account-policy"), ...serviceAccount }),
  z.strictObject({ action: z.literal("repair-service-account-policy"), ...serviceAccount }),
  z.strictObject({ action: z.literal("enforce-service-account-policy"), ...serviceAccount }),
  z.strictObject({
    action: z.literal("restore-before"),
    partnerTenantId: z.uuid(),
    undoesRunId: z.uuid(),
    restores: z.record(
      z.string().min(1).max(200),
      z.strictObject({
        tenantId: z.uuid(),
        policyName: z.string().max(512),
        leftAs: z.string().min(1).max(128),
        body: z.record(z.string(), z.unknown()),
        paths: z.array(z.string().max(300)).min(1).max(50),
      }),
    ),
  }),
]);
