// Every Conditional Access policy of the partner tenant, read live: what it does (lib/ca's
// description), whether the service account is excluded (lib/ca's plan), which one is the
// dedicated policy, and that policy's drift from the expected shape.
import "server-only";
import {
  describeOptionsFrom,
  describePolicy,
  findDedicatedPolicy,
  planServiceAccountExclusion,
  policyReferences,
  serviceAccountPolicyDrift,
  withNames,
  type DescribeOptions,
  type DescriptionSection,
  type PlanOutcome,
} from "../ca";
import type { AccessPath, GraphPolicy } from "../graph/tenant-graph-contract";
import { defaultPartnerContext, prismaOf, type PartnerContext } from "./context";
import { openPartnerTenant } from "./context";
import { readPartnerSettings, type PartnerSettingsRow } from "../db/queries/partner-settings";

export interface PartnerPolicyView {
  id: string;
  displayName: string;
  state: string;
  description: DescriptionSection[];
  dedicated: boolean;
  /** lib/ca's plan for excluding the account; null when no account is chosen or the policy is unreadable. */
  exclusion: { outcome: PlanOutcome; reason: string; warnings: string[] } | null;
  /** Why the policy could not be described or planned. */
  error: string | null;
}

export interface DedicatedPolicyView {
  id: string;
  displayName: string;
  state: string;
  foundBy: "id" | "name";
  enforced: boolean;
  /** One sentence per difference from the expected shape (name and state aside); empty when it matches. */
  drift: string[];
}

export interface PartnerOverview {
  tenantId: string;
  access: AccessPath;
  /** Why the preferred (delegated) path was not used, when the tenant is reached app-only. */
  accessNote: string | null;
  account: { id: string; upn: string } | null;
  dedicatedPolicyName: string;
  policies: PartnerPolicyView[];
  dedicated: DedicatedPolicyView | null;
  settings: PartnerSettingsRow;
}

export async function partnerOverview(ctx: PartnerContext = defaultPartnerContext()): Promise<PartnerOverview> {
  const prisma = prismaOf(ctx);
  let settings = await readPartnerSettings(prisma);
  const graph = await openPartnerTenant(ctx);
  const policies = await graph.listPolicies();
  // A dedicated policy found by its name (just created by a run, or made by hand) is adopted: its id
  // is stored, so a rename later does not lose it and a second one is never created.
  const found = findDedicatedPolicy(policies, settings);
  if (found?.foundBy === "name" && found.policy.id !== settings.dedicatedPolicyId) {
    await prisma.partnerSettings.update({ where: { id: 1 }, data: { dedicatedPolicyId: found.policy.id } });
    settings = { ...settings, dedicatedPolicyId: found.policy.id };
  }
  return {
    tenantId: graph.tenantId,
    access: graph.access,
    accessNote: graph.fallbackReason?.message ?? null,
    ...overviewOf(policies, settings, await liveNames(graph, policies)),
  };
}

/** The names of what the partner's policies point at, read with them (the page reads the partner tenant live). */
async function liveNames(graph: Awaited<ReturnType<typeof openPartnerTenant>>, policies: readonly GraphPolicy[]): Promise<DescribeOptions> {
  const resolution = await graph.readNames(policyReferences(policies, { tenants: [graph.tenantId] }));
  return describeOptionsFrom(resolution.names);
}

/** The overview of already-read policies (pure). */
export function overviewOf(
  policies: readonly GraphPolicy[],
  settings: PartnerSettingsRow,
  directoryNames: DescribeOptions = {},
): Omit<PartnerOverview, "tenantId" | "access" | "accessNote"> {
  const account = settings.serviceAccountId ? { id: settings.serviceAccountId, upn: settings.serviceAccountUpn ?? settings.serviceAccountId } : null;
  const found = findDedicatedPolicy(policies, settings);
  // The account by its UPN rather than a bare object id, wherever a policy names it.
  const names: DescribeOptions = {
    ...directoryNames,
    directoryObjects: { ...directoryNames.directoryObjects, ...(account ? { [account.id]: `${account.upn} (the service account)` } : {}) },
  };
  const views = policies.map((policy): PartnerPolicyView => {
    const dedicated = found?.policy.id === policy.id;
    try {
      const plan = account ? planServiceAccountExclusion(policy, account.id) : null;
      return {
        id: policy.id,
        displayName: policy.displayName,
        state: policy.state,
        description: describePolicy(policy, names),
        dedicated,
        exclusion: plan ? { outcome: plan.outcome, reason: withNames(plan.reason, names), warnings: plan.warnings.map((w) => withNames(w, names)) } : null,
        error: null,
      };
    } catch (error) {
      return {
        id: policy.id,
        displayName: String(policy.displayName),
        state: String(policy.state),
        description: [],
        dedicated,
        exclusion: null,
        error: `The policy could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
  let dedicated: DedicatedPolicyView | null = null;
  if (found) {
    const { policy, foundBy } = found;
    let drift: string[];
    try {
      drift = account ? serviceAccountPolicyDrift(policy, { accountId: account.id }) : ["No service account is chosen, so the policy cannot be compared."];
    } catch (error) {
      drift = [`The policy could not be read: ${error instanceof Error ? error.message : String(error)}`];
    }
    dedicated = { id: policy.id, displayName: policy.displayName, state: policy.state, foundBy, enforced: policy.state === "enabled", drift };
  }
  return { account, dedicatedPolicyName: settings.dedicatedPolicyName, policies: views, dedicated, settings };
}
