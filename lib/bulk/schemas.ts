// What the browser may send to the bulk wizard and what its jobs carry: ids and the person's
// choices, never a policy body (every job re-reads the live policies).
import { z } from "zod";
import type { BulkOptions } from "./views";

export const bulkOptions = z.strictObject({
  fix: z.literal("exclude-service-provider"),
  includeDisabledAndReportOnly: z.boolean(),
  includeNeedsReview: z.boolean(),
}) satisfies z.ZodType<BulkOptions>;

const uuid = z.uuid().transform((id) => id.toLowerCase());

/** 1..5000 customer tenants, each once. */
export const tenantIds = z
  .array(uuid)
  .min(1)
  .max(5000)
  .refine((ids) => new Set(ids).size === ids.length, { message: "Each tenant may be selected once." });

export const confirmedNeedsReview = z
  .array(z.strictObject({ tenantId: uuid, policyId: z.string().min(1).max(200) }))
  .max(50_000)
  .refine((list) => new Set(list.map((c) => `${c.tenantId}|${c.policyId}`)).size === list.length, { message: "Each policy may be confirmed once." });

export const previewTenantJob = z.strictObject({ previewId: uuid, tenantId: uuid });
export type PreviewTenantJob = z.output<typeof previewTenantJob>;

export const runTenantJob = z.strictObject({ runId: uuid, tenantId: uuid });
export type RunTenantJob = z.output<typeof runTenantJob>;

/** The ApplyItem list stored per tenant of a run (BulkRunTenant.items). */
export const storedItems = z.array(z.strictObject({ policyId: z.string().min(1), expectedFingerprint: z.string().min(1), confirmedNeedsReview: z.boolean() }));
