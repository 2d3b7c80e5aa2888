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
export { PLAN_OUTCOMES } from "./plan-result";
export type { ExclusionPlan, PlanOutcome, PatchBody } from "./plan-result";
export { buildServiceAccountPolicy, serviceAccountPolicyDrift, DEFAULT_SERVICE_ACCOUNT_POLICY_NAME } from "./service-account-policy";
export type { ServiceAccountPolicyBody, ServiceAccountPolicyOptions } from "./service-account-policy";
export { applyGraphPatch } from "./graph-patch";
