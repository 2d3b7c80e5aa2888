// Graph settings for integration tests against an in-process local cloud: the emulator's URLs and
// app credentials, its CA trusted per client (no process-wide TLS change), the CA pacer at the
// emulator's time-scaled limit with the database's shared pace (as every portal process has it), and
// a short retry budget.
import { randomBytes } from "node:crypto";
import { caTrustingNetworkClient } from "@/emulator/login/test-https-client";
import type { RunningEmulator } from "@/emulator/main";
import { trustingDispatcher } from "@/emulator/testing/clients";
import { databaseUrlOf } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { PacerRegistry } from "@/lib/graph/pacer";
import { sharedPaceFor } from "@/lib/graph/postgres-pace-store";
import type { GraphSettings } from "@/lib/graph/settings";

export async function localCloudSettings(em: RunningEmulator, prisma: PrismaClient, opts: { portalUrl: string; timeScale: number }): Promise<GraphSettings> {
  const dispatcher = await trustingDispatcher(em.ca);
  return {
    authorityHost: em.url,
    graphBaseUrl: em.url,
    partnerTenantId: em.fleet.partner.id,
    clientId: em.fleet.portalApp.clientId,
    clientSecret: em.fleet.portalApp.secrets[0]!,
    encryptionKey: randomBytes(32),
    portalUrl: opts.portalUrl,
    // Graph's CA limit is 1 request/second/tenant; the emulator scales it by its time scale.
    caRequestsPerSecond: 1 / opts.timeScale,
    retry: { maxAttempts: 5, budgetMs: 10_000, baseDelayMs: 20, maxDelayMs: 500 },
    db: prisma,
    msalNetworkClient: caTrustingNetworkClient(em.ca),
    fetch: (input, init) => fetch(input, { ...init, dispatcher } as RequestInit),
    pacers: new PacerRegistry(),
    sharedPace: sharedPaceFor(databaseUrlOf(prisma)),
  };
}
