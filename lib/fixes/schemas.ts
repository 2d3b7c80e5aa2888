// What the browser may send to start a fix, and what the job carries: ids, the fingerprints the
// preview showed and the person's ticks, never a policy body (the engine re-reads every policy).
import { z } from "zod";

export const fixItem = z.strictObject({
  policyId: z.string().min(1).max(200),
  expectedFingerprint: z.string().min(1).max(200),
  confirmedNeedsReview: z.boolean(),
});
export type FixItem = z.output<typeof fixItem>;

/** Each policy once: the engine refuses a run listing a policy twice, so refuse it at the door. */
export const fixItems = z
  .array(fixItem)
  .min(1)
  .max(500)
  .refine((items) => new Set(items.map((i) => i.policyId)).size === items.length, { message: "Each policy may be listed once." });

export const tenantFixJob = z.strictObject({
  runId: z.uuid(),
  tenantId: z.uuid(),
  items: fixItems,
});
export type TenantFixJob = z.output<typeof tenantFixJob>;
