// The names the sync read for each tenant (DirectoryName rows), and the partner tenant's own name:
// stored whole per tenant at each sync, read back as describePolicy's options for every page,
// preview, diff, history entry and CSV that describes a policy.
import { describeOptionsFrom, NAME_KINDS, type DescribeOptions, type NameKind, type ResolvedName } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import type { NameResolution } from "../graph/tenant-graph-contract";

/** A tenant's own organization name is kept under this kind (not one of the kinds policies point at). */
const ORGANIZATION = "organization";

/** Replaces the tenant's names with what this sync read, and records what reading them cost. */
export async function storeNames(prisma: PrismaClient, tenantId: string, resolution: NameResolution, now: Date): Promise<void> {
  await prisma.$transaction([
    prisma.directoryName.deleteMany({ where: { tenantId, kind: { in: [...NAME_KINDS] } } }),
    prisma.directoryName.createMany({
      data: resolution.names.map((n) => ({
        tenantId,
        kind: n.kind,
        objectId: n.id.toLowerCase(),
        displayName: n.displayName,
        detail: n.detail ?? null,
        status: n.status,
        resolvedAt: now,
      })),
    }),
  ]);
}

/** The names stored for these tenants, by tenant. */
export async function loadNames(prisma: PrismaClient, tenantIds: readonly string[]): Promise<Map<string, ResolvedName[]>> {
  const rows = await prisma.directoryName.findMany({
    where: { tenantId: { in: [...new Set(tenantIds.map((t) => t.toLowerCase()))] }, kind: { in: [...NAME_KINDS] } },
  });
  const out = new Map<string, ResolvedName[]>();
  for (const r of rows) {
    const list = out.get(r.tenantId) ?? [];
    list.push({ kind: r.kind as NameKind, id: r.objectId, displayName: r.displayName, detail: r.detail, status: r.status as ResolvedName["status"] });
    out.set(r.tenantId, list);
  }
  return out;
}

/** The partner (or any) tenant's own name as Graph's organization gave it. */
export async function storeOrganizationName(prisma: PrismaClient, tenantId: string, displayName: string, now: Date): Promise<void> {
  const key = { tenantId_kind_objectId: { tenantId, kind: ORGANIZATION, objectId: tenantId } };
  const data = { displayName, status: "found", resolvedAt: now };
  await prisma.directoryName.upsert({ where: key, create: { tenantId, kind: ORGANIZATION, objectId: tenantId, ...data }, update: data });
}

export async function organizationName(prisma: PrismaClient, tenantId: string): Promise<string | null> {
  const row = await prisma.directoryName.findUnique({ where: { tenantId_kind_objectId: { tenantId, kind: ORGANIZATION, objectId: tenantId } } });
  return row?.displayName ?? null;
}

/** How the MSP is named wherever it is meant: its partner tenant's name from Graph, "your MSP tenant" until a sync read it. */
export async function partnerLabel(prisma: PrismaClient, partnerTenantId: string): Promise<string> {
  const name = await organizationName(prisma, partnerTenantId);
  return name ? `${name} (your MSP tenant)` : "your MSP tenant";
}

/** describePolicy's options for policies of `tenantId`: its names, and the partner tenant named as the MSP. */
export function optionsFor(names: readonly ResolvedName[] | undefined, partner: { id: string; label: string } | null): DescribeOptions {
  return describeOptionsFrom(names ?? [], partner ? { tenants: { [partner.id.toLowerCase()]: partner.label } } : {});
}

/** Everything a page needs to describe the policies of these tenants in names. */
export async function describeOptionsByTenant(
  prisma: PrismaClient,
  tenantIds: readonly string[],
  partnerTenantId: string | null,
): Promise<(tenantId: string) => DescribeOptions> {
  const [names, label] = await Promise.all([loadNames(prisma, tenantIds), partnerTenantId ? partnerLabel(prisma, partnerTenantId) : Promise.resolve(null)]);
  const partner = partnerTenantId && label ? { id: partnerTenantId, label } : null;
  return (tenantId) => optionsFor(names.get(tenantId.toLowerCase()), partner);
}

/** The partner tenant as a row among tenants (previews, history): its name from Graph, or the glossary's "Partner tenant (MSP)". */
export async function partnerTenantTitle(prisma: PrismaClient, partnerTenantId: string): Promise<string> {
  const name = await organizationName(prisma, partnerTenantId);
  return name ? `${name} (partner tenant)` : "Partner tenant (MSP)";
}
