// Words and colours for a tenant's GDAP sign-in: its newest proof of access (Graph's What If) in
// one word (lib/proof/view.ts ProofVerdict, kept on the tenant by lib/proof/record.ts). Not the
// access health's "Blocked by CA", which says the sync's own sign-in was refused.
import type { ProofVerdict } from "@/lib/proof/view";
import type { ChipColor } from "./access";
import { localDateTime } from "./date-time";

export type SignInVerdict = ProofVerdict;
/** A verdict, or "not-checked" for a tenant never proven. */
export type SignInState = SignInVerdict | "not-checked";

export const SIGN_IN_STATES: readonly SignInState[] = ["gets-in", "gets-in-after-mfa", "blocked", "not-proven", "not-checked"];

const WORDS: Record<SignInState, { label: string; color: ChipColor; explains: string }> = {
  "gets-in": { label: "gets in", color: "success", explains: "Graph's What If says a GDAP sign-in of the MSP gets in, in every scenario." },
  "gets-in-after-mfa": {
    label: "gets in after MFA",
    color: "info",
    explains: "Graph's What If says a GDAP sign-in of the MSP gets in once it did MFA (a policy asks for it).",
  },
  blocked: { label: "blocked", color: "error", explains: "Graph's What If says a policy blocks a GDAP sign-in of the MSP in at least one scenario." },
  "not-proven": { label: "not proven", color: "warning", explains: "Graph's What If could not be asked: the tenant's page says why." },
  "not-checked": {
    label: "not checked",
    color: "default",
    explains: "Nobody has checked this tenant's GDAP sign-in yet (Check access, or Check all on the dashboard).",
  },
};

export function signInState(verdict: string | null): SignInState {
  return verdict !== null && Object.hasOwn(WORDS, verdict) && verdict !== "not-checked" ? (verdict as SignInVerdict) : "not-checked";
}

export function signInLabel(verdict: string | null, checkedAt: string | null = null): { label: string; color: ChipColor; title: string } {
  const state = signInState(verdict);
  const w = WORDS[state];
  const when = checkedAt ? ` Checked ${localDateTime(checkedAt)}.` : "";
  return { label: w.label, color: w.color, title: `${w.explains}${when}` };
}
