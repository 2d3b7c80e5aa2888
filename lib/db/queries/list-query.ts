// The query strings of the portal's paged lists (the tenants grid, history): a page of 25, 50 or 100
// rows, and a refusal in one sentence that names every bad or unknown parameter, for a 400.
import { z } from "zod";

/** The page fields of a paged list's query: 0 is the first page. */
export const pageFields = {
  page: z.coerce.number({ message: "page must be a number (0 is the first page)" }).int().min(0, "page starts at 0"),
  pageSize: z.coerce
    .number({ message: "pageSize must be 25, 50 or 100" })
    .int()
    .refine((n) => n === 25 || n === 50 || n === 100, "pageSize must be 25, 50 or 100"),
};

/** Reads a list's query from search params with `schema`; the error names the list (`what`) and every problem. */
export function parseListQuery<T>(schema: z.ZodType<T>, params: URLSearchParams, what: string): { ok: true; query: T } | { ok: false; error: string } {
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  const problems = parsed.error.issues.map((i) => (i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : i.message));
  return { ok: false, error: `The ${what} query is not valid: ${problems.join("; ")}.` };
}
