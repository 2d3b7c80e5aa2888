// Standard Webhooks (https://www.standardwebhooks.com, spec/standard-webhooks.md): each delivery
// carries `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`:
// "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")), where the secret is the base64
// part of "whsec_<base64>". Receivers verify with any Standard Webhooks library (our tests use the
// `standardwebhooks` package as an independent oracle).
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new signing secret: 24 random bytes (the spec asks for 24 to 64), in the spec's format. */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(24).toString("base64");
}

export function signatureHeaders(secret: string, id: string, timestamp: Date, body: string): Record<string, string> {
  if (!secret.startsWith(PREFIX)) throw new Error("a Standard Webhooks secret starts with whsec_");
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  const seconds = Math.floor(timestamp.getTime() / 1000);
  const signature = createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(seconds), "webhook-signature": `v1,${signature}` };
}
