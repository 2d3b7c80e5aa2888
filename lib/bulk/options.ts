// The bulk wizard's options (its step 2) and what they mean for the run: which policies each
// tenant's preview covers, and whether needs-review policies are offered for ticking.
import { z } from "zod";
import type { RunOptions } from "../runs";

export const bulkOptions = z.strictObject({
  /** The only bulk fix: exclude the MSP's service-provider users (partner-tenant steps are on their own page). */
  fix: z.literal("exclude-service-provider"),
  /** Preview disabled and report-only policies too (default false: enabled policies only). */
  includeDisabledAndReportOnly: z.boolean(),
  /** Offer needs-review policies for confirmation in the preview (default false). */
  includeNeedsReview: z.boolean(),
});
export type BulkOptions = z.output<typeof bulkOptions>;

export function runOptionsOf(options: BulkOptions): RunOptions {
  return { scope: { states: options.includeDisabledAndReportOnly ? "all" : "enabled" }, offerNeedsReview: options.includeNeedsReview };
}

/** The wizard's options of a bulk run (for its pages), read back from the run's options. */
export function bulkOptionsOf(options: RunOptions): BulkOptions {
  return { fix: "exclude-service-provider", includeDisabledAndReportOnly: options.scope.states === "all", includeNeedsReview: options.offerNeedsReview };
}

const uuid = z.uuid().transform((id) => id.toLowerCase());

/** 1..5000 customer tenants, each once. */
export const tenantIds = z
  .array(uuid)
  .min(1)
  .max(5000)
  .refine((ids) => new Set(ids).size === ids.length, { message: "Each tenant may be selected once." });

/** needs-review policies the person ticked, by tenant. */
export const confirmedNeedsReview = z
  .array(z.strictObject({ tenantId: uuid, policyId: z.string().min(1).max(200) }))
  .max(50_000)
  .refine((list) => new Set(list.map((c) => `${c.tenantId}|${c.policyId}`)).size === list.length, { message: "Each policy may be confirmed once." });
