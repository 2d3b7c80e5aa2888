// Choosing the automation service account: search the partner tenant's users, store the choice in
// PartnerSettings (with an audit row). The account must exist in the partner tenant: the id and UPN
// the browser sends are checked against Graph before anything is stored.
import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { connectedAccountId } from "../graph/connection";
import { createGraphClient, GraphTenant } from "../graph/tenant-graph-client";
import { graphAuth } from "../graph/msal-client";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { defaultPartnerContext, partnerTenantIdOf, prismaOf, PartnerError, type PartnerActor, type PartnerContext } from "./context";
import { readPartnerSettings } from "../db/queries/partner-settings";
import { userSearchFilter } from "./user-search-filter";

/**
 * Reading users needs a user-read permission besides the Conditional Access ones tenantGraph asks
 * for. User.Read.All: the portal app's consented delegated permission for directory reads (see the
 * README's permission table).
 */
const USER_SCOPES = ["https://graph.microsoft.com/User.Read.All"];
const SEARCH_LIMIT = 25;

export const partnerUser = z.object({
  id: z.uuid(),
  displayName: z
    .string()
    .nullish()
    .transform((v) => v ?? ""),
  userPrincipalName: z.string(),
});
export type PartnerUser = z.output<typeof partnerUser>;

/** The partner tenant's directory, as the connected automation account (delegated, its home tenant). */
async function partnerDirectory(ctx: PartnerContext): Promise<GraphTenant> {
  const { settings } = ctx;
  const accountId = await connectedAccountId(settings);
  if (!accountId) throw new GraphFailure("not-connected", "The partner's automation account is not connected: connect it in Settings.");
  const auth = graphAuth(settings);
  const tenantId = partnerTenantIdOf(ctx);
  const source = (renew?: boolean) => auth.delegatedToken(accountId, tenantId, { scopes: USER_SCOPES, forceRefresh: renew });
  await source(); // fail here, with the reason, rather than on the request
  return new GraphTenant(tenantId, "delegated", createGraphClient(settings, tenantId, source), source);
}

const SELECT = "$select=id,displayName,userPrincipalName";

/** Up to 25 partner users whose display name or UPN starts with `query`. */
export async function searchPartnerUsers(query: string, ctx: PartnerContext = defaultPartnerContext()): Promise<PartnerUser[]> {
  const filter = userSearchFilter(query);
  const directory = await partnerDirectory(ctx);
  const { body } = await directory.request(
    "GET",
    `/users?$filter=${encodeURIComponent(filter)}&${SELECT}&$top=${SEARCH_LIMIT}`,
    "searching the partner's users",
  );
  const page = z.object({ value: z.array(z.unknown()) }).parse(body);
  return page.value.flatMap((raw) => {
    const user = partnerUser.safeParse(raw);
    return user.success ? [user.data] : [];
  });
}

export const chosenAccountInput = z.strictObject({ id: z.uuid(), upn: z.string().min(3).max(256) });

/**
 * Stores the service account. Graph confirms it is a user of the partner tenant with that UPN
 * (a stale or forged choice is refused), and the audit log records who chose it and what it replaced.
 */
export async function chooseServiceAccount(
  input: { id: string; upn: string },
  by: PartnerActor,
  ctx: PartnerContext = defaultPartnerContext(),
): Promise<PartnerUser> {
  const { id, upn } = chosenAccountInput.parse(input);
  const directory = await partnerDirectory(ctx);
  let user: PartnerUser;
  try {
    const { body } = await directory.request("GET", `/users/${encodeURIComponent(id)}?${SELECT}`, "reading the chosen user");
    user = partnerUser.parse(body);
  } catch (error) {
    if (error instanceof GraphFailure && error.problem === "not-found") throw new PartnerError("not-found", "No such user in the partner tenant.");
    throw error;
  }
  if (user.userPrincipalName.toLowerCase() !== upn.toLowerCase()) {
    throw new PartnerError("conflict", `That user's UPN is now ${user.userPrincipalName}; search again.`);
  }
  const prisma = prismaOf(ctx);
  const previous = await readPartnerSettings(prisma);
  const data = { serviceAccountId: user.id.toLowerCase(), serviceAccountUpn: user.userPrincipalName, updatedByUpn: by.upn };
  await prisma.partnerSettings.upsert({ where: { id: 1 }, create: { id: 1, partnerTenantId: partnerTenantIdOf(ctx), ...data }, update: data });
  await recordAudit(prisma, {
    action: "partner-choose-service-account",
    result: "success",
    actor: by,
    targetTenantId: partnerTenantIdOf(ctx),
    targetId: user.id,
    detail: { upn: user.userPrincipalName, previousId: previous.serviceAccountId, previousUpn: previous.serviceAccountUpn },
  });
  return user;
}
