// What a policy that applies asks of the partner's service provider, who signs in at home (password
// + MFA through the partner tenant's own policies) with a device the customer tenant does not know.
// The What If evaluation says which policies apply; this says what each one then requires.
import type { CaPolicy } from "./policy-model";
import { isPlainObject } from "./read-policy";
import { AUTHENTICATION_STRENGTH_NAMES } from "./well-known-names";

export type GrantKind = "none" | "mfa" | "blocked";

export interface GrantRequirement {
  kind: GrantKind;
  /** In words: "requires multifactor authentication", "grant control: block access", "requires a compliant device…". */
  reason: string;
  /** Why the answer is not certain (an unknown control or operator), empty when it is. */
  uncertain: string[];
}

/** Built-in authentication strengths (same ids in every tenant): only the MFA one is met by password + MFA. */
export const AUTHENTICATION_STRENGTH = {
  mfa: "00000000-0000-0000-0000-000000000002",
  passwordlessMfa: "00000000-0000-0000-0000-000000000003",
  phishingResistantMfa: "00000000-0000-0000-0000-000000000004",
} as const;

/**
 * Controls a service provider cannot meet in a customer tenant: its device is registered in the
 * partner tenant, not the customer's ("Conditional Access for B2B and service providers",
 * https://learn.microsoft.com/entra/external-id/authentication-conditional-access: device controls
 * evaluate the resource tenant's device state), custom controls and terms of use are the customer's.
 */
const UNMEETABLE: Readonly<Record<string, string>> = {
  compliantdevice: "a compliant device (the device is not registered in the customer tenant)",
  domainjoineddevice: "a hybrid Entra joined device (the device is not registered in the customer tenant)",
  approvedapplication: "an approved client app",
  compliantapplication: "an app protection policy",
  passwordchange: "a password change",
  riskremediation: "risk remediation",
};

type ControlState = { state: "mfa" | "impossible"; what: string };

export function grantRequirement(policy: CaPolicy): GrantRequirement {
  const grant = policy.grantControls;
  if (!grant) return { kind: "none", reason: "no grant controls", uncertain: [] };
  const uncertain: string[] = [];
  const builtIn = grant.builtInControls.map((c) => c.toLowerCase());
  if (builtIn.includes("block")) return { kind: "blocked", reason: "grant control: block access", uncertain };
  const controls: ControlState[] = [];
  for (const control of builtIn) {
    if (control === "mfa") controls.push({ state: "mfa", what: "multifactor authentication" });
    else {
      const known = UNMEETABLE[control];
      if (!known) uncertain.push(`the grant control '${control}' is not one this portal knows`);
      controls.push({ state: "impossible", what: known ?? `control '${control}'` });
    }
  }
  for (const factor of grant.customAuthenticationFactors) controls.push({ state: "impossible", what: `custom control '${factor}'` });
  for (const terms of grant.termsOfUse) controls.push({ state: "impossible", what: `terms of use '${terms}' (not accepted)` });
  if (grant.authenticationStrength) controls.push(strengthState(policy));
  if (controls.length === 0) return { kind: "none", reason: "no grant requirement", uncertain };

  // A missing or unknown operator is read as AND: the stricter reading, so a malformed policy cannot open access.
  if (grant.operator !== null && grant.operator !== "AND" && grant.operator !== "OR") uncertain.push(`the grant operator '${grant.operator}' is unknown`);
  if (grant.operator === "OR") {
    if (controls.some((c) => c.state === "mfa")) return { kind: "mfa", reason: "requires multifactor authentication", uncertain };
    const what = controls.map((c) => c.what);
    return { kind: "blocked", reason: what.length === 1 ? `requires ${what[0]}` : `requires one of: ${what.join("; ")}`, uncertain };
  }
  const impossible = controls.filter((c) => c.state === "impossible");
  if (impossible.length > 0) return { kind: "blocked", reason: `requires ${impossible.map((c) => c.what).join(" and ")}`, uncertain };
  return { kind: "mfa", reason: "requires multifactor authentication", uncertain };
}

/** Password + MFA meets the built-in MFA strength, or a custom one allowing "password,<second factor>". */
function strengthState(policy: CaPolicy): ControlState {
  const strength = policy.grantControls?.authenticationStrength;
  const id = strength?.id?.toLowerCase() ?? null;
  const rawGrant = policy.raw.grantControls;
  const rawStrength = isPlainObject(rawGrant) ? rawGrant.authenticationStrength : undefined;
  const combos = isPlainObject(rawStrength) && Array.isArray(rawStrength.allowedCombinations) ? rawStrength.allowedCombinations : [];
  const allowsPasswordPlus = combos.some((c) => typeof c === "string" && c.toLowerCase().startsWith("password,"));
  const mfaMeets =
    id === AUTHENTICATION_STRENGTH.mfa ||
    (id !== AUTHENTICATION_STRENGTH.passwordlessMfa && id !== AUTHENTICATION_STRENGTH.phishingResistantMfa && allowsPasswordPlus);
  const name = strength?.displayName ?? (id ? (AUTHENTICATION_STRENGTH_NAMES[id] ?? id) : "authentication strength");
  if (!mfaMeets) return { state: "impossible", what: `authentication strength '${name}' (password + MFA does not meet it)` };
  return { state: "mfa", what: `authentication strength '${name}'` };
}
