// A user's tenant scope: which customer tenants they may see and act on. "All tenants", or the
// tenants of the tenant groups an admin gave them. Checked on the server by every page, route
// handler, action and CSV, and again by a run's jobs when they run (a scope can shrink between a
// confirmation and the write). The MSP's own (partner) tenant is not a customer: everyone signed in
// may see it, and only an all-tenant user may change it, because what is written there (the service
// account's exclusions and policy) reaches every customer.
import type { PrismaClient } from "../db/generated/client";

export type TenantScope =
  | { readonly all: true }
  | {
      readonly all: false;
      /** Tenant ids (lower case) of the user's groups. */
      readonly tenantIds: ReadonlySet<string>;
      /** The groups' names, to say what the scope is in words. */
      readonly groups: readonly string[];
    };

export const ALL_TENANTS: TenantScope = { all: true };

/** The scope of a portal user as stored now; a user who does not exist has none. */
export async function loadScope(prisma: PrismaClient, userId: string): Promise<TenantScope> {
  const user = await prisma.portalUser.findUnique({
    where: { id: userId },
    select: {
      allTenants: true,
      tenantGroups: { select: { group: { select: { name: true, tenants: { select: { tenantId: true } } } } } },
    },
  });
  if (!user) return { all: false, tenantIds: new Set(), groups: [] };
  if (user.allTenants) return ALL_TENANTS;
  const groups = user.tenantGroups.map((g) => g.group);
  return {
    all: false,
    tenantIds: new Set(groups.flatMap((g) => g.tenants.map((t) => t.tenantId.toLowerCase()))),
    groups: groups.map((g) => g.name).sort((a, b) => a.localeCompare(b)),
  };
}

export function inScope(scope: TenantScope, tenantId: string): boolean {
  return scope.all || scope.tenantIds.has(tenantId.toLowerCase());
}

/** A filter on a tenant id column for Prisma: nothing for all tenants, else the scope's ids. */
export function tenantIdFilter(scope: TenantScope): { in: string[] } | undefined {
  return scope.all ? undefined : { in: [...scope.tenantIds] };
}

/** The scope's tenant ids as a list, or null for all tenants (lib/guard/views.ts's TenantFilter). */
export function scopeTenantList(scope: TenantScope): readonly string[] | null {
  return scope.all ? null : [...scope.tenantIds];
}

/** The scope in words, for refusals and the Users page. */
export function describeScope(scope: TenantScope): string {
  if (scope.all) return "all tenants";
  if (scope.groups.length === 0) return "no tenants (no tenant group assigned)";
  return `the tenant group${scope.groups.length === 1 ? "" : "s"} ${scope.groups.join(", ")}`;
}

/** Why a tenant is refused, in words. */
export function outOfScopeMessage(scope: TenantScope, tenantCount = 1): string {
  const what = tenantCount === 1 ? "This tenant is" : `${tenantCount} of these tenants are`;
  return `${what} outside your tenant scope (${describeScope(scope)}). Ask a portal admin to add ${tenantCount === 1 ? "it" : "them"} to one of your groups.`;
}

export const PARTNER_NEEDS_ALL_TENANTS =
  "Changes to the MSP's own tenant reach every customer, so they need a scope of all tenants; yours is limited to tenant groups.";
