// The real policy shapes (vendor/ca-corpus) the fleet's customer tenants are drawn from: loading,
// placeholder replacement (<RING>, <AdministratorGroup>, xxxxxxxx-..., %msptenantid%), and the
// pool of templates that Graph v1.0 would accept once exports are cleaned (read-only fields,
// annotations and beta-only properties removed).
import { readdirSync, readFileSync } from "node:fs";
import { canonicalPolicy } from "../graph/ca-policy";
import { checkPolicyRules } from "../graph/ca-rules";
import { validateGraphValue } from "../graph/schema";
import { pruneToSchema, stripAnnotations } from "../graph/shape";
import type { Json } from "./model";

const corpusDir = new URL("../../vendor/ca-corpus/policies/", import.meta.url);

export interface CorpusPolicy {
  file: string;
  policy: Json;
}

let corpusCache: CorpusPolicy[] | undefined;

export function loadCorpus(): CorpusPolicy[] {
  corpusCache ??= readdirSync(corpusDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, policy: JSON.parse(readFileSync(new URL(file, corpusDir), "utf8")) as Json }));
  return corpusCache;
}

/** Ids a tenant offers for placeholders; every placeholder maps to something that exists there. */
export interface PlaceholderValues {
  partnerTenantId: string;
  ring: string;
  groups: {
    emergencyAccess: string;
    exclusionPerm: string;
    exclusionTemp: string;
    administrators: string;
    syncAccounts: string;
    p2Licensed: string;
  };
}

const GUID_SHAPED = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;
const HEX_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function placeholderFor(text: string, v: PlaceholderValues): string {
  if (text === "%msptenantid%") return v.partnerTenantId;
  const whole = /^<([A-Za-z0-9]+)>$/.exec(text)?.[1];
  if (whole) {
    const byName: Record<string, string> = {
      EmergencyAccessAccountsGroup: v.groups.emergencyAccess,
      ExclusionPermGroup: v.groups.exclusionPerm,
      ExclusionTempGroup: v.groups.exclusionTemp,
      AdministratorGroup: v.groups.administrators,
      SynchronizationServiceAccountsGroup: v.groups.syncAccounts,
      AADP2Group: v.groups.p2Licensed,
    };
    return byName[whole] ?? v.groups.exclusionPerm;
  }
  if (GUID_SHAPED.test(text) && !HEX_GUID.test(text)) {
    // xxxxxxxx-... / yyyyyyyy-...: the authors' "put your exclusion group here".
    return text.startsWith("y") ? v.groups.emergencyAccess : v.groups.exclusionPerm;
  }
  return text.replace(/<RING>/g, v.ring).replace(/<([A-Za-z0-9]+)>/g, "$1");
}

/** Replaces every placeholder in a policy (deep), leaving real values alone. */
export function replacePlaceholders<T>(value: T, v: PlaceholderValues): T {
  if (typeof value === "string") return placeholderFor(value, v) as T;
  if (Array.isArray(value)) return value.map((x) => replacePlaceholders(x, v)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Json = {};
    for (const [k, x] of Object.entries(value)) out[k] = replacePlaceholders(x, v);
    return out as T;
  }
  return value;
}

export interface SeedTemplate {
  file: string;
  body: Json; // pruned to v1.0, placeholders still in place
  needsP2: boolean;
}

const DUMMY: PlaceholderValues = {
  partnerTenantId: "11111111-1111-4111-8111-111111111111",
  ring: "PROD",
  groups: {
    emergencyAccess: "22222222-2222-4222-8222-222222222222",
    exclusionPerm: "33333333-3333-4333-8333-333333333333",
    exclusionTemp: "44444444-4444-4444-8444-444444444444",
    administrators: "55555555-5555-4555-8555-555555555555",
    syncAccounts: "66666666-6666-4666-8666-666666666666",
    p2Licensed: "77777777-7777-4777-8777-777777777777",
  },
};

let templateCache: SeedTemplate[] | undefined;

const EXTERNAL_TENANT_TYPES: Record<string, string> = {
  all: "#microsoft.graph.conditionalAccessAllExternalTenants",
  enumerated: "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
};

/**
 * A careful tool sends the abstract external-tenants scope with its @odata.type (Graph refuses it without:
 * terraform-provider-azuread#1555 / PR #1601); the annotation stripping above removed it, so put it back.
 */
export function typeExternalTenants(body: Json): Json {
  const users = (body.conditions as Json | null | undefined)?.users as Json | null | undefined;
  for (const side of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"]) {
    const tenants = (users?.[side] as Json | null | undefined)?.externalTenants as Json | null | undefined;
    const type = EXTERNAL_TENANT_TYPES[String(tenants?.membershipKind)];
    if (tenants && type) tenants["@odata.type"] = type;
  }
  return body;
}

/**
 * Corpus policies cleaned the way a careful tool would before a POST, kept only when Graph v1.0
 * would then accept them in a tenant with P1 + P2 (workload-identity policies are left out).
 */
export function seedTemplates(): SeedTemplate[] {
  if (templateCache) return templateCache;
  const full = { entraP1: true, entraP2: true, workloadIdentities: false };
  templateCache = [];
  for (const { file, policy } of loadCorpus()) {
    const body = typeExternalTenants(pruneToSchema("conditionalAccessPolicy", stripAnnotations(policy) as Json));
    const probe = replacePlaceholders(body, DUMMY);
    if (validateGraphValue("conditionalAccessPolicy", probe, { mode: "create" }).length > 0) continue;
    const canonical = canonicalPolicy(probe, { id: DUMMY.partnerTenantId, createdDateTime: "2024-01-01T00:00:00Z", modifiedDateTime: null, templateId: null });
    const rules = checkPolicyRules(canonical, {
      licences: full,
      securityDefaults: false,
      apiVersion: "v1.0",
      v1RefusesEveryTimeForAllApps: false,
      enabling: false,
    });
    if (rules) continue;
    const conditions = body.conditions as Json;
    const needsP2 = [conditions.userRiskLevels, conditions.signInRiskLevels].some((l) => Array.isArray(l) && l.length > 0);
    templateCache.push({ file, body, needsP2 });
  }
  return templateCache;
}
