// What every lib/partner function works with: the Graph settings (which carry the database and the
// partner tenant id) and the person acting. Production uses the process settings; tests pass their
// own (they point at the local cloud and a fresh database), exactly as lib/graph's functions do.
import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { graphSettings, type GraphSettings } from "../graph/settings";
import { tenantGraph } from "../graph/tenant-graph-client";
import type { TenantGraph } from "../graph/tenant-graph-contract";

export interface PartnerContext {
  settings: GraphSettings;
}

export function defaultPartnerContext(): PartnerContext {
  return { settings: graphSettings() };
}

export const prismaOf = (ctx: PartnerContext): PrismaClient => ctx.settings.db;
export const partnerTenantIdOf = (ctx: PartnerContext): string => ctx.settings.partnerTenantId;

/**
 * Graph for the MSP's own tenant: lib/graph reaches it like any other, delegated as the connected
 * automation account (here in its home tenant, so no GDAP is involved and the account's own
 * directory role, Conditional Access Administrator, applies), or app-only where the app holds
 * application permissions there.
 */
export function openPartnerTenant(ctx: PartnerContext): Promise<TenantGraph> {
  return tenantGraph(partnerTenantIdOf(ctx), { settings: ctx.settings });
}

/** The person acting: `id` is their PortalUser id (runs link to it), the rest goes to the audit log. */
export interface PartnerActor {
  id: string | null;
  upn: string;
  objectId?: string | null;
  tenantId?: string | null;
}

/** A refusal the person can act on (no account chosen, nothing to repair…), shown as it is. */
export class PartnerError extends Error {
  constructor(
    readonly code: "not-found" | "conflict",
    message: string,
  ) {
    super(message);
    this.name = "PartnerError";
  }
}
