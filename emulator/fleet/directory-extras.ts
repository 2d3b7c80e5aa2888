// What a tenant's directory holds besides users, groups and named locations, seeded from what its
// policies point at: a service principal for each application id they name (one of them, in some
// tenants, deleted since), a terms-of-use agreement for each agreement id, the authentication
// contexts, a custom directory role, and the subscribed SKUs. Drawn from a stream of its own, so
// everything seeded before stays as it was.
import type { Json, Tenant, TenantContent } from "./model";
import { Prng } from "./prng";

export interface DirectoryExtras {
  /** appId -> servicePrincipal (v1.0 shape, the properties the portal reads plus the usual basics). */
  servicePrincipals: Map<string, Json>;
  agreements: Map<string, Json>;
  authenticationContexts: Json[];
  customRoles: Json[];
  /** appIds policies name whose service principal is gone (the portal must say "deleted object"). */
  deletedAppIds: string[];
}

const APP_NAMES = [
  "Expense Portal",
  "Travel Booking",
  "HR Self-Service",
  "Payroll",
  "Sales CRM",
  "Intranet",
  "Service Desk",
  "Contract Management",
  "Timesheets",
  "Learning Portal",
  "Document Signing",
  "Procurement",
  "Asset Tracker",
  "Field Service",
  "Customer Portal",
  "Board Portal",
  "Finance Reporting",
  "Warehouse Scanner",
];
const AGREEMENT_NAMES = [
  "Acceptable use policy",
  "Guest access terms",
  "Contractor terms of use",
  "Bring your own device agreement",
  "Privileged access terms",
];
const CONTEXTS: [string, string, string][] = [
  ["c1", "Sensitive data", "Step-up for opening labelled documents"],
  ["c2", "Admin actions", "Privileged operations in admin portals"],
  ["c3", "Finance approvals", "Approving payments"],
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Application ids of Microsoft's own apps the fleet's policies name; their service principals carry Microsoft's names. */
const MICROSOFT_APPS: Record<string, string> = {
  "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
  "00000003-0000-0ff1-ce00-000000000000": "Office 365 SharePoint Online",
  "00000003-0000-0000-c000-000000000000": "Microsoft Graph",
  "797f4846-ba00-4fd7-ba43-dac1f8f63013": "Windows Azure Service Management API",
  "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe": "Microsoft Teams Services",
};

function referenced(policies: Iterable<Json>): { apps: string[]; agreements: string[]; contexts: string[] } {
  const apps = new Set<string>();
  const agreements = new Set<string>();
  const contexts = new Set<string>();
  for (const p of policies) {
    const a = (p.conditions as Json | null)?.applications as Json | null | undefined;
    for (const id of [...((a?.includeApplications as string[]) ?? []), ...((a?.excludeApplications as string[]) ?? [])])
      if (GUID.test(id)) apps.add(id.toLowerCase());
    for (const c of (a?.includeAuthenticationContextClassReferences as string[]) ?? []) contexts.add(c);
    for (const t of ((p.grantControls as Json | null)?.termsOfUse as string[]) ?? []) if (GUID.test(t)) agreements.add(t.toLowerCase());
  }
  return { apps: [...apps].sort(), agreements: [...agreements].sort(), contexts: [...contexts].sort() };
}

export function buildDirectoryExtras(seed: number, tenant: Tenant, content: TenantContent): DirectoryExtras {
  const prng = new Prng(`${seed}:tenant:${tenant.id}:directory-extras`);
  const refs = referenced(content.policies.values());
  const own = refs.apps.filter((id) => !MICROSOFT_APPS[id]);
  // Some customers deleted an app their policies still name: Graph keeps the id in the policy.
  const deleted = own.length > 0 && prng.chance(0.3) ? [own[own.length - 1] as string] : [];
  const names = prng.sample(APP_NAMES, APP_NAMES.length);
  const servicePrincipals = new Map<string, Json>();
  let n = 0;
  for (const appId of refs.apps) {
    if (deleted.includes(appId)) continue;
    const displayName = MICROSOFT_APPS[appId] ?? names[n++ % names.length] ?? "Line-of-business app";
    servicePrincipals.set(appId, {
      id: prng.uuid(),
      deletedDateTime: null,
      accountEnabled: true,
      appDisplayName: displayName,
      appId,
      appOwnerOrganizationId: MICROSOFT_APPS[appId] ? "f8cdef31-a31e-4b4a-93e4-5f571e91255a" : tenant.id,
      displayName,
      servicePrincipalType: "Application",
      signInAudience: "AzureADMyOrg",
      tags: [],
    });
  }
  const agreements = new Map<string, Json>();
  refs.agreements.forEach((id, i) => {
    agreements.set(id, {
      id,
      displayName: AGREEMENT_NAMES[i % AGREEMENT_NAMES.length],
      isPerDeviceAcceptanceRequired: false,
      isViewingBeforeAcceptanceRequired: true,
      termsExpiration: null,
      userReacceptRequiredFrequency: null,
    });
  });
  const contextIds = new Set([...CONTEXTS.map(([id]) => id), ...refs.contexts]);
  const authenticationContexts = [...contextIds].sort().map((id) => {
    const known = CONTEXTS.find(([c]) => c === id);
    return { id, displayName: known?.[1] ?? `Protected action ${id}`, description: known?.[2] ?? null, isAvailable: true };
  });
  const customRoles = [
    {
      id: prng.uuid(),
      description: "Resets passwords and reads sign-in logs for the service desk.",
      displayName: "Service desk tier 1",
      isBuiltIn: false,
      isEnabled: true,
      resourceScopes: ["/"],
      templateId: null as string | null,
      version: null,
      rolePermissions: [{ allowedResourceActions: ["microsoft.directory/users/password/update"], condition: null }],
    },
  ];
  customRoles[0]!.templateId = customRoles[0]!.id; // a custom role's templateId is its id
  return { servicePrincipals, agreements, authenticationContexts, customRoles, deletedAppIds: deleted };
}
