// One alert message in each destination's format:
// - webhook: the message as JSON (signed: signature.ts);
// - Teams: a Workflows webhook ("When a Teams webhook request is received" → post to a channel)
//   takes a message whose attachments carry an Adaptive Card (contentType
//   "application/vnd.microsoft.card.adaptive"), per Microsoft's "Create incoming webhooks with
//   Workflows for Microsoft Teams" and the Adaptive Card schema (version 1.4 renders in Teams);
//   docs/alerts.md keeps the sources;
// - e-mail: a subject, plain text and simple HTML.
import type { AlertMessage } from "./message";

export function webhookBody(message: AlertMessage): string {
  return JSON.stringify({ type: message.kind === "test" ? "guard.test" : "guard.alert", ...message });
}

const MAX_LINES = 12;
/** Teams refuses a message above 28 KB (docs/alerts.md): a digest shows this many tenants, then a count and the link. */
const MAX_TEAMS_TENANTS = 15;

function clip<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

type CardElement = Record<string, unknown>;

export function teamsBody(message: AlertMessage): string {
  const body: CardElement[] = [{ type: "TextBlock", text: message.subject, weight: "Bolder", size: "Medium", wrap: true }];
  if (message.kind === "test") body.push({ type: "TextBlock", text: "This destination works: the portal's alerts will arrive here.", wrap: true });
  const tenants = clip(message.tenants, MAX_TEAMS_TENANTS);
  for (const tenant of tenants.shown) {
    body.push({ type: "TextBlock", text: tenant.tenantName, weight: "Bolder", spacing: "Medium", wrap: true });
    for (const e of tenant.events) {
      body.push({ type: "TextBlock", text: `**${e.label}**: ${e.summary}`, wrap: true });
      const facts = [
        ...(e.policyName ? [{ title: "Policy", value: e.policyName }] : []),
        ...(e.properties.length > 0 ? [{ title: "Changed", value: e.properties.join(", ") }] : []),
        ...(e.actor ? [{ title: "Made by", value: e.actor }] : []),
        { title: "Noticed", value: e.detectedAt },
      ];
      body.push({ type: "FactSet", facts });
      if (e.diff) {
        const removed = clip(e.diff.removed, MAX_LINES);
        const added = clip(e.diff.added, MAX_LINES);
        const text = [
          ...removed.shown.map((l) => `− ${l}`),
          ...(removed.more ? [`− … ${removed.more} more`] : []),
          ...added.shown.map((l) => `+ ${l}`),
          ...(added.more ? [`+ … ${added.more} more`] : []),
        ].join("\n\n");
        if (text) body.push({ type: "TextBlock", text, wrap: true, fontType: "Monospace", size: "Small" });
      }
    }
  }
  if (tenants.more > 0) body.push({ type: "TextBlock", text: `… and ${tenants.more} more tenants: see the portal.`, wrap: true });
  const actions =
    message.tenants.length === 1
      ? [{ type: "Action.OpenUrl", title: "Open the tenant", url: message.tenants[0]!.link }]
      : [{ type: "Action.OpenUrl", title: "Open the portal", url: message.portalUrl }];
  const card = { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4", body, actions };
  return JSON.stringify({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function emailContent(message: AlertMessage): { subject: string; text: string; html: string } {
  const text: string[] = [message.subject, ""];
  const html: string[] = [`<h2>${escapeHtml(message.subject)}</h2>`];
  if (message.kind === "test") {
    text.push("This destination works: the portal's alerts will arrive here.");
    html.push("<p>This destination works: the portal's alerts will arrive here.</p>");
  }
  for (const tenant of message.tenants) {
    text.push(`${tenant.tenantName} (${tenant.link})`);
    html.push(`<h3><a href="${escapeHtml(tenant.link)}">${escapeHtml(tenant.tenantName)}</a></h3><ul>`);
    for (const e of tenant.events) {
      const by = e.actor ? ` Made by ${e.actor}.` : "";
      text.push(`- ${e.label}: ${e.summary}${by} (${e.detectedAt})`);
      html.push(`<li><strong>${escapeHtml(e.label)}</strong>: ${escapeHtml(e.summary)}${escapeHtml(by)} <small>${escapeHtml(e.detectedAt)}</small>`);
      if (e.diff && (e.diff.removed.length > 0 || e.diff.added.length > 0)) {
        for (const l of e.diff.removed) text.push(`    - ${l}`);
        for (const l of e.diff.added) text.push(`    + ${l}`);
        html.push("<pre>");
        for (const l of e.diff.removed) html.push(`− ${escapeHtml(l)}`);
        for (const l of e.diff.added) html.push(`+ ${escapeHtml(l)}`);
        html.push("</pre>");
      }
      html.push("</li>");
    }
    html.push("</ul>");
    text.push("");
  }
  text.push(`The portal: ${message.portalUrl}`);
  html.push(`<p><a href="${escapeHtml(message.portalUrl)}">Open the portal</a></p>`);
  return { subject: message.subject, text: text.join("\n"), html: html.join("\n") };
}
