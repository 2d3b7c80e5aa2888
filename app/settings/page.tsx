import type { Metadata } from "next";
import { cookies } from "next/headers";
import { SettingsView } from "@/components/settings/SettingsView";
import { FLASH_COOKIE } from "@/lib/auth/cookies";
import { requireUser } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { readPortalSettings } from "@/lib/db/queries/portal-settings";
import { connectionHealth } from "@/lib/graph";
import { describeCloud } from "@/lib/health/cloud";
import { defaultGuardMode } from "@/lib/guard/modes";
import { loadScenarios } from "@/lib/proof";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/settings");
  const params = await searchParams;
  const c = config();
  const health = c.partnerTenantId ? await connectionHealth().catch((err: Error) => ({ connected: false as const, message: err.message })) : null;
  const failed = params.connect === "failed" ? ((await cookies()).get(FLASH_COOKIE)?.value ?? "The connection failed.") : null;
  return (
    <SettingsView
      partnerTenantId={c.partnerTenantId ?? null}
      cloud={describeCloud(c.entraAuthorityHost, c.graphBaseUrl)}
      health={
        health && health.connected
          ? {
              connected: true,
              healthy: health.healthy,
              message: health.message,
              accountUpn: health.accountUpn,
              connectedByUpn: health.connectedByUpn,
              connectedAt: health.connectedAt?.toISOString() ?? null,
            }
          : { connected: false, message: health?.message ?? "PARTNER_TENANT_ID is not configured." }
      }
      canManage={allows(user.role, "admin")}
      portal={await readPortalSettings(db())}
      guard={await defaultGuardMode(db())}
      scenarios={await loadScenarios(db())}
      justConnected={params.connect === "ok"}
      signedInAgain={params.connect === "signed-in-again"}
      failure={failed}
    />
  );
}
