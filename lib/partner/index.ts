// The MSP's own tenant: hardening the automation service account. Server-only: reads go through
// lib/graph, every change is a run (lib/runs) through the remediation engine.
import "server-only";

export { defaultPartnerContext, openPartnerTenant, PartnerError, type PartnerActor, type PartnerContext } from "./context";
export { searchPartnerUsers, chooseServiceAccount, chosenAccountInput, type PartnerUser } from "./service-account";
export { userQuery, userSearchFilter } from "./user-search-filter";
export { partnerOverview, overviewOf, type PartnerOverview, type PartnerPolicyView, type DedicatedPolicyView } from "./overview";
export { previewPartnerChange, PARTNER_ACTIONS, PARTNER_TENANT_NAME, type PartnerAction } from "./changes";
export { checklistState, attestTrustedIpsRemoved } from "./checklist";
export { buildChecklist, CHECKLIST_KEYS, MFA_SERVICE_SETTINGS_URL, type Checklist, type ChecklistItem, type ChecklistKey } from "./checklist-rules";
