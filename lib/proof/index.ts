// Proof of access (issue 16): does a GDAP sign-in into a tenant get in, before and after a fix.
export { proveTenant, labelsOf, type ProveOptions } from "./prove";
export { proveAfterRun } from "./after-run";
export { recordProof, type ProofRecord } from "./record";
export { plannedVerdicts, plannedForPreview, type PlannedChange, type PlannedVerdict } from "./planned";
export { loadScenarios, saveScenarios, storedScenariosJson, signInScenarioInput, signInScenarioSet, MAX_SCENARIOS } from "./scenarios";
export { latestProof, proofsAfterRuns, proofView, headlineOf, proofVerdictOf } from "./view";
export type { AccessProofView, ProofVerdict, ProofKind, ProofResult, ProofScenarioResult } from "./view";
export {
  startFleetCheck,
  startScopedFleetCheck,
  CHECK_RUNNING_FOR_MS,
  proveForCheck,
  latestFleetCheck,
  proofTenantJob,
  type FleetCheckDeps,
  type FleetCheckProgress,
} from "./fleet-check";
