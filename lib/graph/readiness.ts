// Whether the automation account can do work that needs it (a sync, a preview), and if not, why in
// words: a job started without it would only fail in the worker's log (issue 20, "never silent").
import type { GraphSettings } from "./settings";
import { connectionHealth } from "./connection";

export type AutomationReadiness = { ready: true } | { ready: false; reason: string };

export async function automationReadiness(settings?: GraphSettings): Promise<AutomationReadiness> {
  const health = await connectionHealth(settings ? { settings } : {}).catch((err: Error) => ({
    connected: true as const,
    healthy: false,
    message: err.message,
  }));
  if (!health.connected) {
    return { ready: false, reason: "No automation account is connected, so the portal cannot read or change any tenant. An admin connects it in Settings." };
  }
  if (!health.healthy) {
    return { ready: false, reason: `The automation account cannot sign in: ${health.message} An admin connects it again in Settings.` };
  }
  return { ready: true };
}
