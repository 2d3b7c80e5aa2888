// The canonical stored form of a Conditional Access policy and how Graph serialises it (docs/graph-contract.md §4.8):
// server defaults on create (clientAppTypes ["all"], templateId null, modifiedDateTime null),
// every property present, authenticationStrength stored by reference and expanded on output.
import { condenseSessionControls } from "./ca-rules";
import { normalizeValue } from "./shape";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

export interface PolicyMeta {
  id: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  templateId: string | null;
}

/** `input` is a schema-valid policy body (or a merge of stored + PATCH). */
export function canonicalPolicy(input: Json, meta: PolicyMeta): Json {
  const n = normalizeValue("conditionalAccessPolicy", input);
  const conditions = obj(n.conditions) ?? {};
  if (Array.isArray(conditions.clientAppTypes) && conditions.clientAppTypes.length === 0) conditions.clientAppTypes = ["all"];
  let grantControls = obj(n.grantControls);
  if (grantControls) {
    const strength = obj(obj(input.grantControls)?.authenticationStrength);
    grantControls = { ...grantControls, authenticationStrength: strength && typeof strength.id === "string" ? { id: strength.id } : null };
  }
  const out: Json = {
    id: meta.id,
    templateId: meta.templateId,
    displayName: n.displayName,
    createdDateTime: meta.createdDateTime,
    modifiedDateTime: meta.modifiedDateTime,
    state: n.state,
    sessionControls: n.sessionControls,
    conditions,
    grantControls,
  };
  if (typeof input.description === "string") out.description = input.description;
  return condenseSessionControls(out);
}

const BUILT_IN_STRENGTHS: Record<string, { displayName: string; description: string; requirementsSatisfied: string; allowedCombinations: string[] }> = {
  "00000000-0000-0000-0000-000000000002": {
    displayName: "Multifactor authentication",
    description: "Combinations of methods that satisfy strong authentication, such as a password + SMS",
    requirementsSatisfied: "mfa",
    allowedCombinations: [
      "windowsHelloForBusiness",
      "fido2",
      "x509CertificateMultiFactor",
      "deviceBasedPush",
      "temporaryAccessPassOneTime",
      "temporaryAccessPassMultiUse",
      "password,microsoftAuthenticatorPush",
      "password,softwareOath",
      "password,hardwareOath",
      "password,sms",
      "password,voice",
      "federatedMultiFactor",
      "microsoftAuthenticatorPush,federatedSingleFactor",
      "softwareOath,federatedSingleFactor",
      "hardwareOath,federatedSingleFactor",
      "sms,federatedSingleFactor",
      "voice,federatedSingleFactor",
    ],
  },
  "00000000-0000-0000-0000-000000000003": {
    displayName: "Passwordless MFA",
    description: "Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator",
    requirementsSatisfied: "mfa",
    allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush"],
  },
  "00000000-0000-0000-0000-000000000004": {
    displayName: "Phishing-resistant MFA",
    description: "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
    requirementsSatisfied: "mfa",
    allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
  },
};

function expandStrength(id: string): Json {
  const builtIn = BUILT_IN_STRENGTHS[id];
  return {
    id,
    createdDateTime: "2021-12-01T00:00:00Z",
    modifiedDateTime: "2021-12-01T00:00:00Z",
    displayName: builtIn?.displayName ?? "Custom authentication strength",
    description: builtIn?.description ?? null,
    policyType: builtIn ? "builtIn" : "custom",
    requirementsSatisfied: builtIn?.requirementsSatisfied ?? "mfa",
    allowedCombinations: builtIn?.allowedCombinations ?? ["password,microsoftAuthenticatorPush"],
  };
}

/** A stored policy as Graph returns it (GET entity when `entityContext` is given, else a list item). */
export function serializePolicy(policy: Json, graphBase: string, entityContext?: string): Json {
  const grant = obj(policy.grantControls);
  const out: Json = entityContext ? { "@odata.context": entityContext } : {};
  for (const [k, v] of Object.entries(policy)) out[k] = v;
  if (grant) {
    const strength = obj(grant.authenticationStrength);
    const { authenticationStrength: _ignored, ...rest } = grant;
    out.grantControls = {
      ...rest,
      "authenticationStrength@odata.context": `${graphBase}/$metadata#identity/conditionalAccess/policies('${String(policy.id)}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength: strength && typeof strength.id === "string" ? expandStrength(strength.id) : null,
    };
  }
  return out;
}
