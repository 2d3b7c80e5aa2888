// Sends one delivery to its destination, once: the caller (dispatch.ts) retries with backoff.
// A webhook delivery keeps its id (webhook-id) across retries, so a receiver can drop duplicates
// (Standard Webhooks: "idempotency"); its timestamp and signature are made at each attempt.
import nodemailer from "nodemailer";
import type { AlertMessage } from "./message";
import { emailContent, teamsBody, webhookBody } from "./render";
import { openSecret } from "./secret";
import { signatureHeaders } from "./signature";
import { smtpSettings } from "./destinations";

export interface SendableDestination {
  id: string;
  kind: string;
  url: string | null;
  smtp: unknown;
  secretSealed: Uint8Array | null;
}

export interface SendResult {
  ok: boolean;
  /** What the other side answered: "HTTP 204", or the SMTP server's reply. */
  response: string | null;
  /** Why it failed, in words. */
  error: string | null;
}

const TIMEOUT_MS = 15_000;

function failure(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string }; code?: string };
  const cause = e.cause?.code ?? e.cause?.message ?? e.code;
  return `${e.message}${cause && !e.message.includes(String(cause)) ? ` (${cause})` : ""}`;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "msp-ca-portal-alerts", ...headers },
      body,
      // A redirect would re-send the alert to an address nobody configured.
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await res.text().catch(() => "")).slice(0, 200);
    const response = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
    return res.ok ? { ok: true, response, error: null } : { ok: false, response, error: `The destination answered HTTP ${res.status}.` };
  } catch (err) {
    return { ok: false, response: null, error: `Could not reach ${new URL(url).host}: ${failure(err)}` };
  }
}

export async function sendMessage(destination: SendableDestination, deliveryId: string, message: AlertMessage, now = new Date()): Promise<SendResult> {
  const secret = destination.secretSealed ? openSecret(destination.id, destination.secretSealed) : null;
  if (destination.kind === "webhook") {
    if (!destination.url || !secret) return { ok: false, response: null, error: "The webhook has no address or signing secret." };
    const body = webhookBody(message);
    return post(destination.url, body, signatureHeaders(secret, deliveryId, now, body));
  }
  if (destination.kind === "teams") {
    if (!destination.url) return { ok: false, response: null, error: "The Teams webhook has no address." };
    return post(destination.url, teamsBody(message), {});
  }
  const smtp = smtpSettings.safeParse(destination.smtp);
  if (!smtp.success) return { ok: false, response: null, error: "The SMTP settings cannot be read; edit the destination." };
  const { host, port, security, user, from, to } = smtp.data;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: security === "tls",
    // STARTTLS is required, not opportunistic: the message never goes in clear text.
    requireTLS: security === "starttls",
    auth: user ? { user, pass: secret ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const content = emailContent(message);
    const info = await transport.sendMail({ from, to, subject: content.subject, text: content.text, html: content.html });
    return { ok: true, response: String(info.response ?? "accepted"), error: null };
  } catch (err) {
    return { ok: false, response: null, error: `The SMTP server ${host}:${port} did not accept the message: ${failure(err)}` };
  } finally {
    transport.close();
  }
}
