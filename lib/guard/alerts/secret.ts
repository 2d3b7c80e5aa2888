// Alert destinations' secrets (a webhook's signing secret, an SMTP password) are sealed at rest with
// a key derived from ENCRYPTION_KEY for this purpose only (lib/crypto/seal.ts), bound to the
// destination's id: a sealed value copied to another row does not open.
import { config } from "../../config";
import { deriveKey, open, seal } from "../../crypto/seal";

function key(): Buffer {
  const master = config().encryptionKey;
  if (!master) throw new Error("ENCRYPTION_KEY is not configured, so alert secrets cannot be stored.");
  return deriveKey(master, "alert-secret");
}

export function sealSecret(destinationId: string, secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(seal(key(), secret, `alert-destination/${destinationId}`));
}

export function openSecret(destinationId: string, sealed: Uint8Array): string {
  return open(key(), Buffer.from(sealed), `alert-destination/${destinationId}`).toString("utf8");
}
