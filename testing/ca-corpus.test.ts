// Every policy in vendor/ca-corpus (243 real exports) through every entry point of lib/ca. Bodies are
// checked with the emulator's schema validator, our oracle of what Graph accepts; lib/ca itself never
// imports the emulator.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateGraphValue } from "@/emulator/graph/schema";
import { assessServiceProvider } from "@/lib/ca/assess-service-provider";
import { describePolicy, describeText, SECTION, type DescriptionSection } from "@/lib/ca/describe-policy";
import { applyGraphPatch } from "@/lib/ca/graph-patch";
import { V1_TYPES } from "@/lib/ca/graph-types";
import { PLAN_OUTCOMES, type PlanOutcome } from "@/lib/ca/plan-result";
import { planServiceAccountExclusion } from "@/lib/ca/plan-service-account-exclusion";
import { planServiceProviderExclusion } from "@/lib/ca/plan-service-provider-exclusion";
import { policyFindings } from "@/lib/ca/policy-findings";
import { readPolicy } from "@/lib/ca/read-policy";
import { buildServiceAccountPolicy } from "@/lib/ca/service-account-policy";

type Json = Record<string, unknown>;

const corpusDir = fileURLToPath(new URL("../vendor/ca-corpus/policies/", import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({ file, raw: JSON.parse(readFileSync(`${corpusDir}${file}`, "utf8")) as Json }));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A partner nobody in the corpus mentions, plus every real tenant id the corpus scopes guests to. */
const partners = [
  "5f1c0a2e-7d43-4b8e-9a61-3c2d9e8f7a10",
  ...new Set(
    corpus.flatMap(({ raw }) => {
      const users = (raw.conditions as Json | undefined)?.users as Json | undefined;
      return ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"].flatMap((side) => {
        const members = ((users?.[side] as Json | null | undefined)?.externalTenants as Json | undefined)?.members;
        return Array.isArray(members) ? members.filter((m): m is string => typeof m === "string" && GUID.test(m)) : [];
      });
    }),
  ),
];

/** A fresh service account, and one that some corpus policy targets on its own (a dedicated policy). */
const accounts = [
  "0d9c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  ...corpus
    .map(({ raw }) => ((raw.conditions as Json).users as Json | undefined)?.includeUsers)
    .filter((ids): ids is [string] => Array.isArray(ids) && ids.length === 1 && GUID.test(String(ids[0])))
    .map(([id]) => id)
    .slice(0, 1),
];

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (typeof value === "object") return Object.entries(value).every(([key, v]) => key.includes("@") || isEmpty(v));
  return false;
}

function sectionText(sections: DescriptionSection[], name: string): string | undefined {
  return sections.find((s) => s.section === name)?.lines.join("\n");
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

// Plain-English words the description must use; written here rather than imported so a wrong label
// in lib/ca fails the test.
const PLATFORM_WORDS: Record<string, string> = {
  all: "any platform",
  android: "Android",
  iOS: "iOS",
  windows: "Windows",
  windowsPhone: "Windows Phone",
  macOS: "macOS",
  linux: "Linux",
};
const CLIENT_APP_WORDS: Record<string, string> = {
  all: "all client apps",
  browser: "browser",
  mobileAppsAndDesktopClients: "mobile apps and desktop clients",
  exchangeActiveSync: "Exchange ActiveSync",
  other: "legacy authentication",
};
const KEYWORD_WORDS: Record<string, string> = {
  All: "all users",
  None: "no users",
  GuestsOrExternalUsers: "all guest and external users",
};
const APP_KEYWORD_WORDS: Record<string, string> = {
  All: "All cloud apps",
  None: "No cloud apps",
  Office365: "Office 365",
  MicrosoftAdminPortals: "Microsoft Admin Portals",
};
const LOCATION_WORDS: Record<string, string> = { All: "Any location", AllTrusted: "All trusted locations" };
const GUEST_TYPE_WORDS: Record<string, string> = {
  internalGuest: "local guest users",
  b2bCollaborationGuest: "B2B collaboration guest users",
  b2bCollaborationMember: "B2B collaboration member users",
  b2bDirectConnectUser: "B2B direct connect users",
  otherExternalUser: "other external users",
  serviceProvider: "service provider users",
};

/** For each condition key present and non-empty: the words its description must contain. */
function expectedMentions(key: string, value: Json | unknown[] | string): { section: string; words: string[] } {
  const v = value as Json;
  switch (key) {
    case "users": {
      const words: string[] = [];
      for (const list of ["includeUsers", "excludeUsers"]) for (const id of strings(v[list])) words.push(KEYWORD_WORDS[id] ?? id);
      for (const list of ["includeGroups", "excludeGroups", "includeRoles", "excludeRoles"]) words.push(...strings(v[list]));
      for (const side of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"]) {
        const guests = v[side] as Json | null | undefined;
        if (!guests) continue;
        for (const type of String(guests.guestOrExternalUserTypes ?? "").split(",")) {
          const word = GUEST_TYPE_WORDS[type.trim()];
          if (word) words.push(word);
        }
        words.push(...strings((guests.externalTenants as Json | undefined)?.members));
      }
      return { section: SECTION.users, words };
    }
    case "applications":
      return {
        section: SECTION.targetResources,
        words: [
          ...["includeApplications", "excludeApplications"].flatMap((list) => strings(v[list]).map((id) => APP_KEYWORD_WORDS[id] ?? id)),
          ...strings(v.includeAuthenticationContextClassReferences),
          ...(strings(v.includeUserActions).length > 0 ? ["user actions"] : []),
        ],
      };
    case "clientApplications":
      return {
        section: SECTION.workloadIdentities,
        words: ["includeServicePrincipals", "excludeServicePrincipals"].flatMap((list) => strings(v[list]).filter((id) => GUID.test(id))),
      };
    case "clientAppTypes":
      return { section: SECTION.clientApps, words: strings(value).map((t) => CLIENT_APP_WORDS[t] ?? CLIENT_APP_WORDS[t.toLowerCase()] ?? t) };
    case "platforms":
      return {
        section: SECTION.platforms,
        words: ["includePlatforms", "excludePlatforms"].flatMap((list) => strings(v[list]).map((p) => PLATFORM_WORDS[p] ?? p)),
      };
    case "locations":
      return {
        section: SECTION.locations,
        words: ["includeLocations", "excludeLocations"].flatMap((list) => strings(v[list]).map((l) => LOCATION_WORDS[l] ?? l)),
      };
    case "devices": {
      const filter = v.deviceFilter as Json | null | undefined;
      const words = filter ? [String(filter.rule), `${String(filter.mode)} mode`] : [];
      const beta = Object.keys(v).filter((k) => !k.includes("@") && k !== "deviceFilter" && !isEmpty(v[k]));
      return beta.length > 0 ? { section: SECTION.other, words: beta.map((k) => `conditions.devices.${k}`) } : { section: SECTION.deviceFilter, words };
    }
    case "userRiskLevels":
      return { section: SECTION.risk, words: [`User risk: ${strings(value).join(", ")}`] };
    case "signInRiskLevels":
      return { section: SECTION.risk, words: [`Sign-in risk: ${strings(value).join(", ")}`] };
    case "servicePrincipalRiskLevels":
      return { section: SECTION.risk, words: [`Service principal risk: ${strings(value).join(", ")}`] };
    case "insiderRiskLevels":
      return {
        section: SECTION.risk,
        words: [
          "Insider risk",
          ...String(value)
            .split(",")
            .map((l) => l.trim()),
        ],
      };
    case "authenticationFlows": {
      const methods = Array.isArray(v.transferMethods) ? strings(v.transferMethods) : String(v.transferMethods).split(",");
      const words: Record<string, string> = { deviceCodeFlow: "device code flow", authenticationTransfer: "authentication transfer" };
      return { section: SECTION.authenticationFlows, words: methods.map((m) => words[m.trim()] ?? m) };
    }
    default:
      throw new Error(`no expectation written for v1.0 condition ${key}`);
  }
}

describe("corpus: reading and describing", () => {
  it("holds the 243 policies the README promises", () => {
    expect(corpus).toHaveLength(243);
  });

  it.each(corpus)("$file: reads, describes, assesses and plans without throwing", ({ raw }) => {
    const policy = readPolicy(raw);
    expect(describeText(policy).length).toBeGreaterThan(0);
    for (const partner of partners) {
      assessServiceProvider(policy, partner);
      planServiceProviderExclusion(policy, partner);
    }
    for (const account of accounts) planServiceAccountExclusion(policy, account);
  });

  it.each(corpus)("$file: every present condition and control appears in the description", ({ raw }) => {
    const sections = describePolicy(raw);
    const conditions = raw.conditions as Json;
    const v1Conditions = Object.keys(V1_TYPES.conditionalAccessConditionSet.properties);
    for (const [key, value] of Object.entries(conditions)) {
      if (key.includes("@") || isEmpty(value)) continue;
      const { section, words } = v1Conditions.includes(key) ? expectedMentions(key, value as Json) : { section: SECTION.other, words: [`conditions.${key}`] };
      const text = sectionText(sections, section);
      expect(text, `section "${section}" for conditions.${key}`).toBeDefined();
      for (const word of words) expect(text, `conditions.${key}`).toContain(word);
    }

    const policyText = sectionText(sections, SECTION.policy) ?? "";
    expect(policyText).toMatch(/^State: /m);
    if (typeof raw.state === "string") expect(policyText).toContain(raw.state);

    const grant = raw.grantControls as Json | null | undefined;
    const grantText = sectionText(sections, SECTION.grant) ?? "";
    const controlWords: Record<string, string> = {
      block: "Block access",
      mfa: "multifactor authentication",
      compliantDevice: "compliant",
      domainJoinedDevice: "hybrid joined",
      approvedApplication: "approved client app",
      compliantApplication: "app protection policy",
      passwordChange: "password change",
      riskRemediation: "risk remediation",
    };
    for (const control of strings(grant?.builtInControls)) expect(grantText).toContain(controlWords[control] ?? control);
    if (grant?.authenticationStrength) expect(grantText).toContain("authentication strength");
    for (const id of strings(grant?.termsOfUse)) expect(grantText).toContain(id);
    if (strings(grant?.builtInControls).filter((c) => c !== "block").length > 1 && typeof grant?.operator === "string") {
      expect(grantText).toContain(`(${grant.operator.toUpperCase()})`);
    }

    const session = raw.sessionControls as Json | null | undefined;
    const sessionText = sectionText(sections, SECTION.session) ?? "";
    const frequency = session?.signInFrequency as Json | null | undefined;
    if (frequency)
      expect(sessionText).toContain(
        frequency.frequencyInterval === "everyTime" ? "Sign-in frequency: every time" : `Sign-in frequency: every ${String(frequency.value)}`,
      );
    if (session?.persistentBrowser) expect(sessionText).toContain("Persistent browser session");
    if (session?.cloudAppSecurity) expect(sessionText).toContain("Defender for Cloud Apps");
    if (session?.applicationEnforcedRestrictions) expect(sessionText).toContain("app enforced restrictions");
    if (session?.secureSignInSession) expect(sessionText).toContain("token protection");
    if (!isEmpty(session?.continuousAccessEvaluation)) expect(sessionText).toContain("Continuous access evaluation");
  });
});

describe("corpus: planning the service-provider exclusion", () => {
  const seen = new Map<string, Set<PlanOutcome>>();

  it.each(corpus)("$file: bodies are minimal, valid v1.0 PATCH bodies that make the policy already-excluded", ({ raw }) => {
    for (const partner of partners) {
      const plan = planServiceProviderExclusion(raw, partner);
      expect(PLAN_OUTCOMES).toContain(plan.outcome);
      expect(plan.reason).not.toBe("");
      seen.set(partner, (seen.get(partner) ?? new Set()).add(plan.outcome));
      if (plan.outcome === "already-excluded" || plan.outcome === "not-applicable") {
        expect(plan.body).toBeNull();
        continue;
      }
      if (plan.outcome === "needs-review") expect(plan.warnings.length).toBeGreaterThan(0);
      if (plan.body === null) continue;

      expect(Object.keys(plan.body)).toEqual(["conditions"]);
      expect(Object.keys(plan.body.conditions)).toEqual(["users"]);
      expect(Object.keys(plan.body.conditions.users)).toEqual(["excludeGuestsOrExternalUsers"]);
      const exclusion = plan.body.conditions.users.excludeGuestsOrExternalUsers as Json;
      expect(Object.keys(exclusion).sort()).toEqual(["externalTenants", "guestOrExternalUserTypes"]);
      expect((exclusion.externalTenants as Json)["@odata.type"]).toMatch(/^#microsoft\.graph\.conditionalAccess(All|Enumerated)ExternalTenants$/);
      expect(validateGraphValue("conditionalAccessPolicy", plan.body, { mode: "update" })).toEqual([]);

      const patched = applyGraphPatch(raw, plan.body);
      expect(planServiceProviderExclusion(patched, partner).outcome).toBe("already-excluded");
      const users = (raw.conditions as Json).users as Json;
      const patchedUsers = (patched.conditions as Json).users as Json;
      expect({ ...patchedUsers, excludeGuestsOrExternalUsers: null }).toEqual({ ...users, excludeGuestsOrExternalUsers: null });
      expect({ ...patched, conditions: null }).toEqual({ ...raw, conditions: null });
    }
  });

  it("meets every outcome somewhere in the corpus (for a partner the corpus does not know)", () => {
    expect([...(seen.get(partners[0] ?? "") ?? [])].sort()).toEqual([...PLAN_OUTCOMES].sort());
  });
});

describe("corpus: the service account", () => {
  it.each(corpus)("$file: service-account exclusion bodies are valid and idempotent", ({ raw }) => {
    for (const account of accounts) {
      const plan = planServiceAccountExclusion(raw, account);
      if (plan.body === null) continue;
      expect(Object.keys(plan.body.conditions.users)).toEqual(["excludeUsers"]);
      expect(validateGraphValue("conditionalAccessPolicy", plan.body, { mode: "update" })).toEqual([]);
      const before = strings(((raw.conditions as Json).users as Json).excludeUsers);
      expect(plan.body.conditions.users.excludeUsers).toEqual([...before, account]);
      expect(planServiceAccountExclusion(applyGraphPatch(raw, plan.body), account).outcome).toBe("already-excluded");
    }
  });

  it("finds the dedicated policy of an account the corpus targets on its own", () => {
    const account = accounts[1];
    expect(account).toBeDefined();
    const outcomes = corpus.map(({ raw }) => planServiceAccountExclusion(raw, account ?? "").outcome);
    expect(outcomes).toContain("not-applicable");
  });

  it("builds a POST body Graph accepts", () => {
    for (const state of ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const) {
      const body = buildServiceAccountPolicy({ accountId: accounts[0] ?? "", state });
      expect(validateGraphValue("conditionalAccessPolicy", body, { mode: "create" })).toEqual([]);
    }
  });
});

describe("corpus: the conditions page's rules", () => {
  it("finds, in real policies, legacy clients blocked by MFA, Exchange ActiveSync with other apps, risk without P2 and the preview flows condition", () => {
    const found = new Map<string, number>();
    for (const { raw } of corpus) {
      for (const f of policyFindings(raw, { entraP2: false, insiderRisk: false })) found.set(f.id, (found.get(f.id) ?? 0) + 1);
    }
    expect([...found.keys()].sort()).toEqual(
      expect.arrayContaining(["authentication-flows-preview", "eas-other-apps", "legacy-clients-blocked", "risk-needs-p2", "insider-risk-needs-purview"]),
    );
    // A licensed tenant's risk policies are not flagged.
    expect(corpus.flatMap(({ raw }) => policyFindings(raw, { entraP2: true, insiderRisk: true })).some((f) => f.id === "risk-needs-p2")).toBe(false);
  });
});
