// What the face remembers between requests, all in memory: authorization codes, refresh tokens,
// browser sessions and pending sign-in forms. Plus the context every endpoint handler receives.
import type { LoginDirectory } from "@/emulator/contract";
import type { SigningKey } from "@/emulator/tokens";
import { ExpiringStore } from "./expiring-store";
import type { Urls } from "./routes";

export const CODE_TTL_MS = 10 * 60 * 1000;
/** Entra's refresh tokens for confidential clients live 90 days (sliding on each redemption). */
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
export const FORM_TTL_MS = 15 * 60 * 1000;

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  /** The authority the code was issued at: redeem it at the same tenant, or at common/organizations. */
  authority: { kind: "tenant"; tenantId: string } | { kind: "multi" };
  tenantId: string; // the tenant the tokens will be for
  userId: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
  amr: string[];
  authTimeMs: number;
  sessionId: string;
  ipAddress: string;
  redeemed: boolean;
}

/** A refresh token is bound to the client and the HOME user; the tenant is chosen at redemption. */
export interface RefreshGrant {
  clientId: string;
  userId: string;
  amr: string[];
  authTimeMs: number;
  sessionId: string;
}

export interface BrowserSession {
  userId: string;
  amr: string[];
  authTimeMs: number;
  /** Public session id: `session_state` on the redirect and `sid` in id_tokens (never the cookie value). */
  sid: string;
}

/** A rendered sign-in form: single use, tied to the browser's CSRF cookie and to the exact parameters. */
export interface PendingForm {
  csrf: string;
  paramsDigest: string;
  tenantSegment: string;
}

export class LoginState {
  readonly codes: ExpiringStore<AuthorizationCode>;
  readonly refreshTokens: ExpiringStore<RefreshGrant>;
  readonly sessions: ExpiringStore<BrowserSession>;
  readonly forms: ExpiringStore<PendingForm>;

  constructor(now: () => number) {
    this.codes = new ExpiringStore(now);
    this.refreshTokens = new ExpiringStore(now, 200_000);
    this.sessions = new ExpiringStore(now);
    this.forms = new ExpiringStore(now);
  }
}

export interface FaceContext {
  directory: LoginDirectory;
  key: SigningKey;
  urls: Urls;
  now: () => number;
  state: LoginState;
}

export const SESSION_COOKIE = "msemu-session";
export const CSRF_COOKIE = "msemu-csrf";
