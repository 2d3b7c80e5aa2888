// Acceptance 1 of issue 16: the portal's pure What If evaluation (lib/ca) and the local cloud's
// `evaluate` (computed from its own sign-in evaluation, emulator/login/ca-evaluation.ts) agree on every
// corpus policy for every scenario: whether it applies, why not (analysisReasons) and what its grant
// asks of the service provider. Each side is the other's oracle; they share no code.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROLE } from "@/emulator/contract";
import { whatIf, type EvaluateBody } from "@/emulator/graph/evaluate";
import { evaluateGrantControls } from "@/emulator/login/ca-evaluation";
import { evaluateSignIn } from "@/lib/ca/evaluate-sign-in";
import { DEFAULT_SCENARIOS, evaluateRequestBody, type SignInScenario } from "@/lib/ca/sign-in-scenarios";

type Json = Record<string, unknown>;

const corpusDir = fileURLToPath(new URL("../vendor/ca-corpus/policies/", import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({ file, raw: JSON.parse(readFileSync(`${corpusDir}${file}`, "utf8")) as Json }));

const PARTNER = "5f1c0a2e-7d43-4b8e-9a61-3c2d9e8f7a10";
const roles = [ROLE.conditionalAccessAdministrator, ROLE.securityReader, ROLE.globalReader];
const namedLocations = [
  {
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id: "0a000000-0000-4000-8000-00000000000a",
    isTrusted: true,
    ipRanges: [{ cidrAddress: "203.0.113.0/24" }],
  },
  {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id: "0b000000-0000-4000-8000-00000000000b",
    countriesAndRegions: ["NL", "DE"],
    includeUnknownCountriesAndRegions: false,
  },
  {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id: "0c000000-0000-4000-8000-00000000000c",
    countriesAndRegions: ["US"],
    includeUnknownCountriesAndRegions: true,
  },
];

/** The default scenarios, and variants that exercise every condition the corpus uses. */
const scenarios: SignInScenario[] = [
  ...DEFAULT_SCENARIOS,
  {
    ...(DEFAULT_SCENARIOS[0] as SignInScenario),
    key: "mac-abroad",
    name: "technician, macOS, abroad",
    devicePlatform: "macOS",
    ipAddress: "198.51.100.7",
    country: "NL",
  },
  {
    ...(DEFAULT_SCENARIOS[1] as SignInScenario),
    key: "graph-browser-ios",
    name: "technician, Graph in a browser on iOS",
    clientAppType: "browser",
    devicePlatform: "iOS",
  },
  {
    key: "exchange-linux",
    name: "technician, Exchange Online, desktop client, Linux",
    userKind: "technician",
    applicationIds: ["00000002-0000-0ff1-ce00-000000000000"],
    clientAppType: "mobileAppsAndDesktopClients",
    devicePlatform: "linux",
    ipAddress: "2001:db8::5",
    country: null,
  },
];

const GRANT_KIND = { satisfied: "none", "mfa-required": "mfa", blocked: "blocked" } as const;

describe("What If: lib/ca and the local cloud agree on every corpus policy", () => {
  it("reads the whole corpus", () => {
    expect(corpus).toHaveLength(243);
  });

  describe.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const request = evaluateRequestBody(scenario, PARTNER) as EvaluateBody;
    const cloud = whatIf(
      corpus.map((c) => c.raw),
      namedLocations,
      request,
      { tenantId: PARTNER, gdapRoleTemplateIds: roles },
    );
    const portal = evaluateSignIn(
      corpus.map((c) => c.raw),
      scenario,
      { partnerTenantId: PARTNER, gdapRoleTemplateIds: roles, namedLocations },
    );
    const table = corpus.map((c, i) => [c.file, i] as const);

    it.each(table)("%s", (_file, i) => {
      const mine = portal[i];
      const theirs = cloud[i];
      expect({ applies: mine?.policyApplies, reason: mine?.analysisReasons, grant: mine?.grant.kind }).toEqual({
        applies: theirs?.policyApplies,
        reason: theirs?.analysisReasons,
        grant: GRANT_KIND[evaluateGrantControls(corpus[i]?.raw.grantControls, []).outcome],
      });
    });
  });
});
