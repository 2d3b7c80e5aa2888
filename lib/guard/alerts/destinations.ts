// Alert destinations, as an admin configures them in Alerts (app/alerts). Validated here (zod):
// the browser's values are never trusted. Webhook and Teams URLs are https, except http to this
// machine's loopback (a local relay, or a test's receiver): an alert carries tenant and policy
// names, which must not cross a network in clear text.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma, PrismaClient } from "../../db/generated/client";
import { EVENT_LABELS, EVENT_TYPES, type EventType } from "../event-types";
import { sealSecret } from "./secret";
import { newSigningSecret } from "./signature";

export const DESTINATION_KINDS = ["webhook", "teams", "email"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_KIND_LABELS: Record<DestinationKind, string> = {
  webhook: "Webhook (signed, Standard Webhooks)",
  teams: "Microsoft Teams (Workflows webhook)",
  email: "E-mail (SMTP)",
};

export const ALERT_EVENT_TYPES = Object.values(EVENT_TYPES) as EventType[];

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const webUrl = z
  .string()
  .trim()
  .max(2000, "At most 2,000 characters.")
  .pipe(z.url({ error: "Enter the full address, starting with https://." }))
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  }, "The address must start with https:// (http:// only to this machine: localhost or 127.0.0.1).");

const name = z.string().trim().min(1, "Give the destination a name.").max(80, "At most 80 characters.");
const eventTypes = z
  .array(z.enum(ALERT_EVENT_TYPES as [EventType, ...EventType[]], { error: "An unknown event type." }))
  .min(1, "Choose at least one kind of event to send.")
  .max(ALERT_EVENT_TYPES.length);
const email = z
  .string()
  .trim()
  .pipe(z.email({ error: "Enter an e-mail address." }));

export const smtpSettings = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, "Enter the SMTP server's host name.")
    .max(255)
    .regex(/^[A-Za-z0-9.-]+$/, "A host name has letters, digits, dots and dashes."),
  port: z.coerce.number({ error: "The port is a number." }).int().min(1, "A port is 1 to 65535.").max(65535, "A port is 1 to 65535."),
  /** STARTTLS (usually port 587) or TLS from the start (usually 465): never clear text. */
  security: z.enum(["starttls", "tls"], { error: "Choose STARTTLS or TLS." }),
  user: z
    .string()
    .trim()
    .max(255)
    .optional()
    .transform((u) => u || undefined),
  from: email,
  to: z.array(email).min(1, "Enter at least one recipient.").max(20, "At most 20 recipients."),
});
export type SmtpSettings = z.output<typeof smtpSettings>;

export const destinationInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("webhook"), name, url: webUrl, eventTypes }),
    z.strictObject({ kind: z.literal("teams"), name, url: webUrl, eventTypes }),
    z.strictObject({
      kind: z.literal("email"),
      name,
      smtp: smtpSettings,
      password: z
        .string()
        .max(500)
        .optional()
        .transform((p) => p || undefined),
      eventTypes,
    }),
  ],
  { error: "Choose webhook, Teams or e-mail." },
);
export type DestinationInput = z.output<typeof destinationInput>;

export interface DestinationRow {
  id: string;
  name: string;
  kind: DestinationKind;
  /** Where it goes, for a person: the URL's host and path, or the recipients and server. */
  target: string;
  eventTypes: string[];
  eventLabels: string[];
  enabled: boolean;
  createdAt: string;
  createdByUpn: string;
  lastDelivery: { status: string; at: string; error: string | null } | null;
}

export interface DeliveryRow {
  id: string;
  destinationName: string;
  createdAt: string;
  subject: string;
  status: string;
  attempts: number;
  lastAttemptAt: string | null;
  lastResponse: string | null;
  lastError: string | null;
  test: boolean;
  tenants: number;
}

function targetOf(row: { kind: string; url: string | null; smtp: Prisma.JsonValue }): string {
  if (row.kind === "email") {
    const smtp = smtpSettings.safeParse(row.smtp);
    return smtp.success ? `${smtp.data.to.join(", ")} via ${smtp.data.host}:${smtp.data.port}` : "(settings unreadable)";
  }
  if (!row.url) return "";
  const url = new URL(row.url);
  // The query string of a Teams Workflows URL is its key (sig=…): never shown again.
  return `${url.protocol}//${url.host}${url.pathname.length > 40 ? url.pathname.slice(0, 40) + "…" : url.pathname}`;
}

export async function listDestinations(prisma: PrismaClient): Promise<DestinationRow[]> {
  const rows = await prisma.alertDestination.findMany({
    orderBy: { name: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true, lastError: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as DestinationKind,
    target: targetOf(r),
    eventTypes: r.eventTypes,
    eventLabels: r.eventTypes.map((t) => EVENT_LABELS[t as EventType] ?? t),
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    createdByUpn: r.createdByUpn,
    lastDelivery: r.deliveries[0] ? { status: r.deliveries[0].status, at: r.deliveries[0].createdAt.toISOString(), error: r.deliveries[0].lastError } : null,
  }));
}

export async function listDeliveries(prisma: PrismaClient, limit = 100): Promise<DeliveryRow[]> {
  const rows = await prisma.alertDelivery.findMany({ orderBy: { createdAt: "desc" }, take: limit, include: { destination: { select: { name: true } } } });
  return rows.map((r) => ({
    id: r.id,
    destinationName: r.destination.name,
    createdAt: r.createdAt.toISOString(),
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    lastResponse: r.lastResponse,
    lastError: r.lastError,
    test: r.test,
    tenants: r.tenantIds.length,
  }));
}

/** Creates a destination; a webhook's signing secret is returned this once (the receiver needs it). */
export async function createDestination(prisma: PrismaClient, input: DestinationInput, byUpn: string): Promise<{ id: string; signingSecret: string | null }> {
  if (await prisma.alertDestination.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new DestinationRefusal(`A destination named "${input.name}" exists already; choose another name.`);
  }
  const id = randomUUID();
  const signingSecret = input.kind === "webhook" ? newSigningSecret() : null;
  const secret = input.kind === "webhook" ? signingSecret : input.kind === "email" ? (input.password ?? null) : null;
  await prisma.alertDestination.create({
    data: {
      id,
      name: input.name,
      kind: input.kind,
      url: input.kind === "email" ? null : input.url,
      smtp: input.kind === "email" ? (input.smtp as Prisma.InputJsonValue) : undefined,
      secretSealed: secret === null ? null : sealSecret(id, secret),
      eventTypes: input.eventTypes,
      createdByUpn: byUpn,
    },
  });
  return { id, signingSecret };
}

export async function setDestinationEnabled(prisma: PrismaClient, id: string, enabled: boolean): Promise<{ name: string }> {
  const row = await prisma.alertDestination.update({ where: { id }, data: { enabled }, select: { name: true } }).catch(() => null);
  if (!row) throw new DestinationRefusal("No such destination; it may have been deleted.");
  return row;
}

export async function deleteDestination(prisma: PrismaClient, id: string): Promise<{ name: string }> {
  const row = await prisma.alertDestination.delete({ where: { id }, select: { name: true } }).catch(() => null);
  if (!row) throw new DestinationRefusal("No such destination; it may have been deleted already.");
  return row;
}

/** A refusal meant for the admin, in words. */
export class DestinationRefusal extends Error {
  override name = "DestinationRefusal";
}
