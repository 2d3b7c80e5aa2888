// Words and colours for a tenant's access health, shared by the grid, the tenant page and CSV.
export type ChipColor = "success" | "warning" | "error" | "default" | "info";

const ACCESS: Record<string, { label: string; color: ChipColor }> = {
  delegated: { label: "Delegated (GDAP)", color: "success" },
  "app-only": { label: "App-only", color: "info" },
  "blocked-by-ca": { label: "Blocked by CA", color: "error" },
  "no-gdap": { label: "No GDAP", color: "error" },
  "gdap-inactive": { label: "GDAP not active", color: "error" },
  "missing-role": { label: "Missing role", color: "warning" },
  "no-consent": { label: "App not consented", color: "warning" },
  "no-licence": { label: "No Entra ID P1", color: "warning" },
  "security-defaults": { label: "Security defaults on", color: "warning" },
  throttled: { label: "Throttled", color: "warning" },
  unavailable: { label: "Unavailable", color: "warning" },
  "not-connected": { label: "Partner not connected", color: "warning" },
};

export function accessLabel(health: string | null): { label: string; color: ChipColor } {
  if (!health) return { label: "Not synced yet", color: "default" };
  return ACCESS[health] ?? { label: health, color: "warning" };
}

export function gdapColor(status: string): ChipColor {
  if (status === "active") return "success";
  if (status === "expiring") return "warning";
  if (["expired", "terminated", "none"].includes(status)) return "error";
  return "default";
}
