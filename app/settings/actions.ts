"use server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { touchesPartnerTenant } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { approvalRules, readPortalSettings, writePortalSettings } from "@/lib/db/queries/portal-settings";
import { disconnect } from "@/lib/graph";
import { defaultModeInput, setDefaultGuardMode } from "@/lib/guard/modes";
import { loadScenarios, saveScenarios, signInScenarioSet } from "@/lib/proof";

export const disconnectAutomationAccount = action(
  // The automation account reaches every customer: disconnecting it needs a fresh sign-in, as connecting does.
  { name: "partner-disconnect", role: "admin", input: z.strictObject({}), tenantsOf: touchesPartnerTenant, freshSignIn: true },
  async (_input, { user, prisma, ip }) => {
    await disconnect(user.upn);
    await recordAudit(prisma, { action: "partner-disconnect", result: "success", actor: user, ip });
    return { disconnected: true };
  },
);

/** Whether every confirmation must carry a ticket reference from the MSP's PSA (shown in history, CSVs and alerts). */
export const setTicketRequired = action(
  { name: "settings-ticket-required", role: "admin", input: z.strictObject({ required: z.boolean() }) },
  async ({ required }, { user, prisma, ip }) => {
    const settings = await writePortalSettings(prisma, { ticketRequired: required }, user.upn);
    await recordAudit(prisma, { action: "settings-ticket-required", result: "success", actor: user, ip, detail: { required: String(required) } });
    return settings;
  },
);

/** When a run needs a second admin (lib/runs/approval.ts); every change is audited with the rules before and after. */
export const setApprovalRules = action(
  { name: "settings-approval-rules", role: "admin", input: approvalRules, freshSignIn: true },
  async (rules, { user, prisma, ip }) => {
    const before = await readPortalSettings(prisma);
    const settings = await writePortalSettings(prisma, { approval: rules }, user.upn);
    await recordAudit(prisma, {
      action: "settings-approval-rules",
      result: "success",
      actor: user,
      ip,
      detail: { before: { ...before.approval }, after: { ...rules } },
    });
    return settings;
  },
);

/** The guard's mode for tenants in no group (lib/guard/modes.ts). Auto-fix lets the drift guard write: a fresh sign-in. */
export const setDefaultGuardModeAction = action(
  { name: "settings-guard-mode", role: "admin", input: defaultModeInput, freshSignIn: true },
  async ({ mode }, { user, prisma, ip }) => {
    const result = await setDefaultGuardMode(prisma, mode, { id: user.userId, upn: user.upn });
    await recordAudit(prisma, { action: "settings-guard-mode", result: "success", actor: user, ip, detail: { mode } });
    return result;
  },
);

/** The GDAP sign-ins proof of access asks Microsoft about (lib/proof); the whole set is replaced and audited before and after. */
export const setSignInScenarios = action(
  { name: "settings-sign-in-scenarios", role: "admin", input: z.strictObject({ scenarios: signInScenarioSet }), freshSignIn: true },
  async ({ scenarios }, { user, prisma, ip }) => {
    const before = await loadScenarios(prisma);
    await saveScenarios(prisma, scenarios, user.upn);
    await recordAudit(prisma, {
      action: "settings-sign-in-scenarios",
      result: "success",
      actor: user,
      ip,
      detail: { before: before.map((s) => s.name).join("; "), after: scenarios.map((s) => s.name).join("; ") },
    });
    return loadScenarios(prisma);
  },
);
