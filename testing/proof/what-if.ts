// What If's answer (POST /identity/conditionalAccess/evaluate) for tests of lib/proof: one enabled
// policy that applies to the sign-in and blocks it.
export const BLOCKING_EVALUATION = {
  id: "00000000-0000-4000-8000-0000000000b1",
  displayName: "Block everyone",
  state: "enabled",
  conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["block"] },
  policyApplies: true,
  analysisReasons: "notSet",
};
