// What an alert says, built once from the guard's events and rendered for each kind of destination
// (render.ts). Noise control: one message per tenant per sweep; when one dispatch has events of more
// tenants than DIGEST_AFTER_TENANTS for a destination, they go as one digest instead.
import { describePolicy } from "../../ca";
import { EVENT_LABELS, type EventType } from "../event-types";

export const DIGEST_AFTER_TENANTS = 3;

export interface AlertDiff {
  /** Lines of the policy in words that are gone, and that are new ("Users: Excludes …"). */
  removed: string[];
  added: string[];
}

export interface AlertEvent {
  eventId: string;
  type: string;
  label: string;
  summary: string;
  policyId: string | null;
  policyName: string | null;
  properties: string[];
  detectedAt: string;
  /** Who made the change when it was the portal: "drift guard", or the person who ran the fix. */
  actor: string | null;
  runId: string | null;
  diff: AlertDiff | null;
}

export interface AlertTenant {
  tenantId: string;
  tenantName: string;
  /** The tenant's page in the portal. */
  link: string;
  events: AlertEvent[];
}

export interface AlertMessage {
  kind: "alert" | "test";
  subject: string;
  portalUrl: string;
  tenants: AlertTenant[];
}

/** The lines of a policy in words, "Section: line", for a line diff. */
function lines(policy: unknown, partnerTenantId: string | null): string[] {
  if (policy === null || policy === undefined) return [];
  try {
    const options = partnerTenantId ? { tenants: { [partnerTenantId]: "your MSP tenant" } } : {};
    return describePolicy(policy, options).flatMap((s) => s.lines.map((l) => `${s.section}: ${l}`));
  } catch {
    return ["(the policy could not be read)"];
  }
}

export function policyDiff(before: unknown, after: unknown, partnerTenantId: string | null): AlertDiff {
  const a = lines(before, partnerTenantId);
  const b = lines(after, partnerTenantId);
  const inA = new Set(a);
  const inB = new Set(b);
  return { removed: a.filter((l) => !inB.has(l)), added: b.filter((l) => !inA.has(l)) };
}

export function eventLabel(type: string): string {
  return EVENT_LABELS[type as EventType] ?? type;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One tenant's message, or a digest of several. */
export function alertMessage(portalUrl: string, tenants: AlertTenant[]): AlertMessage {
  const events = tenants.reduce((n, t) => n + t.events.length, 0);
  let subject: string;
  if (tenants.length === 1) {
    const t = tenants[0]!;
    const first = t.events[0]!;
    subject =
      t.events.length === 1
        ? `${t.tenantName}: ${first.label}${first.policyName ? ` (${first.policyName})` : ""}`
        : `${t.tenantName}: ${count(t.events.length, "change", "changes")} (${[...new Set(t.events.map((e) => e.label))].join(", ")})`;
  } else {
    subject = `Conditional Access guard: ${count(events, "change", "changes")} in ${count(tenants.length, "tenant", "tenants")}`;
  }
  return { kind: "alert", subject, portalUrl, tenants };
}

export function testMessage(portalUrl: string, destinationName: string): AlertMessage {
  return { kind: "test", subject: `Test message for "${destinationName}" from the MSP Conditional Access Portal`, portalUrl, tenants: [] };
}
