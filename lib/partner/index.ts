// The MSP's own tenant: hardening the automation service account (issue 6). Server-only: reads and
// writes go through lib/graph, the remediation engine and Postgres.
import "server-only";

export { defaultPartnerContext, PartnerError, type PartnerActor, type PartnerContext } from "./context";
export { searchPartnerUsers, chooseServiceAccount, chosenAccountInput, type PartnerUser } from "./service-account";
export { userQuery, userSearchFilter } from "./user-search-filter";
export { partnerOverview, overviewOf, type PartnerOverview, type PartnerPolicyView, type DedicatedPolicyView } from "./overview";
export { exclusionPreviewView, exclusionResultView, type ExclusionPreviewView, type ExclusionResultView, type ExclusionResultItem } from "./exclusion-view";
export { previewServiceAccountExclusion, applyServiceAccountExclusion, exclusionItems, type ExclusionPreview } from "./exclusion";
export {
  createDedicatedPolicy,
  repairDedicatedPolicy,
  enforceDedicatedPolicy,
  type CreateDedicatedResult,
  type RepairDedicatedResult,
  type EnforceDedicatedResult,
  type DedicatedPolicyState,
} from "./dedicated-policy";
export { BETA_RETRY_NOTE, SECURITY_DEFAULTS_EXPLANATION, dedicatedPolicyRepairBody, findDedicatedPolicy, isEveryTimeRefusal } from "./dedicated-policy-shape";
export { checklistState, attestTrustedIpsRemoved } from "./checklist";
export { readPartnerSettings, requireAccount } from "./settings-row";
export { buildChecklist, CHECKLIST_KEYS, MFA_SERVICE_SETTINGS_URL, type Checklist, type ChecklistItem, type ChecklistKey } from "./checklist-rules";
export { DEDICATED_POLICY_ACTIONS, type DedicatedPolicyAction } from "./recorded-write";
