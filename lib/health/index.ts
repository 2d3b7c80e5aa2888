import "server-only";
import { config } from "../config";
import { db } from "../db/client";
import { queueClient } from "../jobs/client";
import { readiness, type Readiness } from "./readiness";
import { healthReport, type HealthReport } from "./report";

export type { HealthReport, PublicHealth } from "./report";
export { publicHealth } from "./report";
export type { Readiness } from "./readiness";

export function currentHealth(): Promise<HealthReport> {
  return healthReport({
    config: config(),
    query: (sql) => db().$queryRawUnsafe(sql),
    queue: queueClient,
  });
}

export function currentReadiness(): Promise<Readiness> {
  return readiness({ query: (sql) => db().$queryRawUnsafe(sql) });
}
