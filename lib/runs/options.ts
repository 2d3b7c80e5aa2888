// What an entrance chose besides the target, stored with the run (RemediationRun.options) and read
// by its preview jobs: which policies to preview and whether needs-review policies are offered.
import { z } from "zod";

export const runOptions = z.strictObject({
  scope: z.strictObject({
    /** Only these policies (a policy's button). */
    policyIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
    /** Without policyIds: which states to preview (lib/remediation's PolicyScope). */
    states: z.enum(["enabled", "enabled-and-report-only", "all"]).optional(),
  }),
  /** needs-review policies may be ticked one by one (the bulk wizard asks first; the tenant and partner pages always offer them). */
  offerNeedsReview: z.boolean(),
});
export type RunOptions = z.output<typeof runOptions>;

/** The ticket reference a confirmation may carry (the MSP's PSA ticket): one line of text. */
export const ticketReference = z
  .string()
  .trim()
  .max(100, "A ticket reference has at most 100 characters.")
  .regex(/^[^\p{Cc}]*$/u, "A ticket reference is one line of text.")
  .nullish()
  .transform((t) => t || null);
