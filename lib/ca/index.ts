// Public surface of the Conditional Access engine. Everything here is pure: no I/O, no clock.
export { PolicyReadError, InvalidArgumentError } from "./errors";
export { readPolicy, toPolicy, isCaPolicy } from "./read-policy";
export type * from "./policy-model";
export type * from "./graph-types";
export { V1_ENUMS, V1_TYPES, ODATA_TYPE, CONDITIONAL_ACCESS_POLICY_STATES } from "./graph-types";
export { parseFlags, formatFlags } from "./flags";
export { isGuid, requireGuid } from "./ids";
export { describePolicy, describe, describeText, SECTION } from "./describe-policy";
export type { DescribeOptions, DescriptionSection, SectionName } from "./describe-policy";
export { assessServiceProvider, assessServiceProvider as assess } from "./assess-service-provider";
export type { ServiceProviderAssessment } from "./assess-service-provider";
export { planServiceProviderExclusion } from "./plan-service-provider-exclusion";
export { planServiceAccountExclusion } from "./plan-service-account-exclusion";
export { isMicrosoftManaged, MICROSOFT_MANAGED_PREFIX, MICROSOFT_MANAGED_WORDS, MICROSOFT_MANAGED_INSTEAD } from "./microsoft-managed";
export { PLAN_OUTCOMES } from "./plan-result";
export type { ExclusionPlan, PlanOutcome, PatchBody } from "./plan-result";
export { buildServiceAccountPolicy, serviceAccountPolicyDrift, DEFAULT_SERVICE_ACCOUNT_POLICY_NAME } from "./service-account-policy";
export type { ServiceAccountPolicyBody, ServiceAccountPolicyOptions } from "./service-account-policy";
export { applyGraphPatch } from "./graph-patch";
export { findDedicatedPolicy, dedicatedPolicyRepairBody } from "./dedicated-policy";
export type { DedicatedPolicyRef, FoundDedicated, ListedPolicy } from "./dedicated-policy";
export { evaluateSignIn, evaluatePolicy, locationsContaining } from "./evaluate-sign-in";
export type { AnalysisReason, EvaluationContext, PolicyEvaluation } from "./evaluate-sign-in";
export { grantRequirement, AUTHENTICATION_STRENGTH } from "./sign-in-grant";
export type { GrantKind, GrantRequirement } from "./sign-in-grant";
export { verdictOf, evaluationFromGraph, VERDICT_WORDS } from "./sign-in-verdict";
export type { SignInVerdict, VerdictKind } from "./sign-in-verdict";
export { labelPolicy, POLICY_LABEL_WORDS } from "./policy-labels";
export type { PolicyLabel, PolicyLabelKind } from "./policy-labels";
export {
  DEFAULT_SCENARIOS,
  SCENARIO_APP,
  APP_GROUPS,
  SCENARIO_USER_KINDS,
  SCENARIO_CLIENT_APP_TYPES,
  SCENARIO_DEVICE_PLATFORMS,
  evaluateRequestBody,
} from "./sign-in-scenarios";
export type { SignInScenario, ScenarioUserKind, ScenarioClientAppType, ScenarioDevicePlatform } from "./sign-in-scenarios";
export { policyReferences, referenceCount, emptyReferences, NAME_KINDS } from "./references";
export type { NameKind, PolicyReferences } from "./references";
export { describeOptionsFrom, labelOf, withNames, DELETED_OBJECT, UNKNOWN_TENANT, NAME_NOT_READABLE } from "./name-maps";
export type { ResolvedName } from "./name-maps";
export { policyFindings, tenantFindings, FINDING_IDS } from "./policy-findings";
export type { Finding, FindingId, TenantLicenceFacts } from "./policy-findings";
export { canWriteConditionalAccess, readOnlyGdapReason, CA_WRITE_ROLE_IDS } from "./gdap-write-roles";
