// Authenticated encryption for secrets at rest (MSAL token caches) and in cookies (the sign-in
// request). AES-256-GCM with a fresh 96-bit IV per seal; `bindTo` (the owning tenant or cookie
// name) is authenticated as associated data, so a sealed value copied to another owner fails to
// open. Keys are derived per purpose from the one configured key, so a cookie key cannot open a
// token cache.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = 1;

export class SealError extends Error {
  override name = "SealError";
}

export type Purpose = "token-cache" | "sign-in-cookie" | "alert-secret";

export function deriveKey(master: Buffer, purpose: Purpose): Buffer {
  if (master.length !== 32) throw new SealError("the encryption key must be 32 bytes");
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `msp-ca-portal/${purpose}/v${VERSION}`, 32));
}

export function seal(key: Buffer, plaintext: Buffer | string, bindTo: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(bindTo, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, bindTo: string): Buffer {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) throw new SealError("not a sealed value of a known version");
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(bindTo, "utf8"));
  decipher.setAuthTag(sealed.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
  } catch {
    throw new SealError("the sealed value was altered, or belongs to another owner or key");
  }
}
