export const PLAN_OUTCOMES = ["already-excluded", "not-applicable", "patch", "needs-review"] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];

/**
 * What to do to one policy. `body` is the exact Graph PATCH body (null when nothing should or can
 * be sent). A `needs-review` body is a proposal: it is never applied without an explicit, per-policy
 * confirmation, and `warnings` say who else it would affect.
 */
export interface ExclusionPlan {
  outcome: PlanOutcome;
  body: PatchBody | null;
  warnings: string[];
  reason: string;
}

export type PatchBody = { conditions: { users: Record<string, unknown> } };
