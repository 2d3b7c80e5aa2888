"use server";
// Server actions for the partner tenant page: thin wrappers over lib/partner.
//
// Roles (lib/auth/roles.ts; higher roles include lower ones):
// - reader: view the overview and the checklist (nothing changes).
// - operator: preview the exclusion and the dedicated policy's create, repair and enforce, and
//   confirm them (app/runs/actions.ts): the same kind of Conditional Access change operators make in
//   customer tenants, previewed, run and recorded in history the same way.
// Every change to the partner tenant reaches every customer, so it also needs a tenant scope of all
// tenants (touchesPartnerTenant, lib/auth/scope.ts).
// - admin: search the partner's users and choose the service account (it decides which account
//   every later step protects, like connecting the automation account, which is admin-only), and
//   attest that classic MFA trusted IPs are removed (a statement about a tenant-wide setting only a
//   Global Administrator can change, so the attesting person should be an admin).
import { z } from "zod";
import { action } from "@/lib/auth/request";
import {
  attestTrustedIpsRemoved,
  checklistState,
  chooseServiceAccount,
  chosenAccountInput,
  PARTNER_ACTIONS,
  partnerOverview,
  previewPartnerChange,
  searchPartnerUsers,
  userQuery,
  type PartnerActor,
} from "@/lib/partner";
import { touchesPartnerTenant, type ActionContext } from "@/lib/auth/action-client";

const actor = ({ user }: ActionContext): PartnerActor => ({ id: user.userId, upn: user.upn, objectId: user.objectId, tenantId: user.tenantId });

const none = z.strictObject({});

export const loadPartnerOverview = action({ name: "partner-overview", role: "reader", input: none }, () => partnerOverview());

export const loadPartnerChecklist = action({ name: "partner-checklist", role: "reader", input: none }, () => checklistState());

export const searchServiceAccountCandidates = action(
  { name: "partner-search-users", role: "admin", input: z.strictObject({ query: userQuery }) },
  ({ query }) => searchPartnerUsers(query),
);

// Choosing the account decides whom every later partner-tenant step protects: a fresh sign-in, like connecting it.
export const chooseAutomationServiceAccount = action(
  { name: "partner-choose-service-account", role: "admin", input: chosenAccountInput, tenantsOf: touchesPartnerTenant, freshSignIn: true },
  (input, ctx) =>
    // chooseServiceAccount writes its own audit row (with the previous account).
    chooseServiceAccount(input, actor(ctx)),
);

/**
 * The preview of one change to the partner tenant (the exclusion, or the dedicated policy's create,
 * repair or enforce): read live, planned by the engine, stored as a run the person then confirms
 * with app/runs/actions.ts. The dedicated policy is created report-only; enforcing is its own step.
 */
export const previewPartnerChangeAction = action(
  { name: "partner-preview-change", role: "operator", input: z.strictObject({ action: z.enum(PARTNER_ACTIONS) }), tenantsOf: touchesPartnerTenant },
  ({ action: change }, ctx) => previewPartnerChange(change, actor(ctx)),
);

export const attestTrustedIps = action(
  { name: "partner-attest-trusted-ips", role: "admin", input: z.strictObject({ removed: z.boolean() }), tenantsOf: touchesPartnerTenant },
  ({ removed }, ctx) =>
    // attestTrustedIpsRemoved writes its own audit row.
    attestTrustedIpsRemoved(removed, actor(ctx)),
);
