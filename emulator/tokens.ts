// Token signing shared by the two faces of the local cloud: the login face issues RS256 JWTs, the
// Graph face verifies them with the same key (as Entra and Graph do through the published JWKS).
// The key is made once per emulator process; restarting the emulator invalidates old tokens, as a
// key rollover would.
import { generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: randomUUID().replace(/-/g, "").slice(0, 27), privateKey, publicKey };
}

/** The JWKS entry Entra publishes at /{tenant}/discovery/v2.0/keys for this key. */
export function jwk(key: SigningKey, issuer: string): Record<string, unknown> {
  const pub = key.publicKey.export({ format: "jwk" });
  return { kty: "RSA", use: "sig", kid: key.kid, x5t: key.kid, n: pub.n, e: pub.e, issuer };
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString("base64url");

export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: "JWT", alg: "RS256", kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: "malformed" | "signature" | "expired" | "not-yet-valid" };

/** Verifies signature and lifetime; audience and the rest are the caller's business. */
export function verifyJwt(key: SigningKey, token: string, nowSeconds = Date.now() / 1000): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [h, p, s] = parts as [string, string, string];
  let claims: Record<string, unknown>;
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    if (header.alg !== "RS256" || header.kid !== key.kid) return { ok: false, reason: "signature" };
    claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, "base64url"))) {
    return { ok: false, reason: "signature" };
  }
  const skew = 300;
  if (typeof claims.exp === "number" && claims.exp + skew < nowSeconds) return { ok: false, reason: "expired" };
  if (typeof claims.nbf === "number" && claims.nbf - skew > nowSeconds) return { ok: false, reason: "not-yet-valid" };
  return { ok: true, claims };
}
