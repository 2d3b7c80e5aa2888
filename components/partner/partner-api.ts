// The partner page's reads and writes from the browser: server actions unwrapped (a refusal
// becomes an Error whose message is shown as it is), one query key per read, and the invalidation
// every write ends with, since any write can change the policies, the checklist and the history.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { loadPartnerChecklist, loadPartnerOverview } from "@/app/partner/actions";
import type { ActionResult } from "@/lib/auth/action-client";

export async function unwrap<T>(pending: Promise<ActionResult<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) {
    const fields = result.error.fields ? ` (${Object.values(result.error.fields).flat().join(" ")})` : "";
    throw new Error(`${result.error.message}${fields}${result.error.errorId ? ` Error id: ${result.error.errorId}.` : ""}`);
  }
  return result.data;
}

export const PARTNER_KEYS = { overview: ["partner", "overview"], checklist: ["partner", "checklist"] } as const;

// Each read lists the partner tenant's policies live, against Graph's per-tenant Conditional
// Access budget: no refetch on focus; writes invalidate explicitly.
const LIVE = { staleTime: 60_000, refetchOnWindowFocus: false, retry: false } as const;

export function usePartnerOverview() {
  return useQuery({ queryKey: PARTNER_KEYS.overview, queryFn: () => unwrap(loadPartnerOverview({})), ...LIVE });
}

export function usePartnerChecklist() {
  return useQuery({ queryKey: PARTNER_KEYS.checklist, queryFn: () => unwrap(loadPartnerChecklist({})), ...LIVE });
}

export function useInvalidatePartner() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["partner"] });
}
