// The only module that reads process.env. Everything is validated once, at start, so a bad value
// stops the process with a message naming the variable instead of failing later in a request.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > 65535) {
        ctx.addIssue({ code: "custom", message: `expected a port number from 1 to 65535, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const httpsUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === "" ? fallback : v;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `expected a URL, got "${value}"` });
        return z.NEVER;
      }
      // Tokens and policies travel over this URL: https only, except a loopback development cloud.
      const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
      if (url.protocol !== "https:" && !(loopback && url.protocol === "http:")) {
        ctx.addIssue({ code: "custom", message: `expected an https:// URL, got "${value}"` });
        return z.NEVER;
      }
      return url.origin;
    });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optionalGuid = z
  .string()
  .optional()
  .refine((v) => !v || GUID.test(v), { message: "expected a GUID like 00000000-0000-0000-0000-000000000000" })
  .transform((v) => (v ? v.toLowerCase() : undefined));

const minutes = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** 32 random bytes, base64: the key that encrypts tokens at rest and the sign-in cookie. */
const encryptionKey = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const key = Buffer.from(v, "base64");
    if (key.length !== 32) {
      ctx.addIssue({ code: "custom", message: "expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)" });
      return z.NEVER;
    }
    return key;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^postgres(ql)?:\/\//.test(v), {
      message: "expected a postgres:// or postgresql:// connection URL",
    }),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: port(54329),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ENTRA_AUTHORITY_HOST: httpsUrl("https://login.microsoftonline.com"),
  GRAPH_BASE_URL: httpsUrl("https://graph.microsoft.com"),
  EMULATOR_PORT: port(4443),
  // Tenants fixed at once per worker: each waits on its own 1-request-per-second pacer most of the
  // time, so many run together cheaply (npm run bench:bulk: 300 at once over 10,000 tenants under 400 MB).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(300),
  PARTNER_TENANT_ID: optionalGuid,
  ENTRA_CLIENT_ID: optionalGuid,
  ENTRA_CLIENT_SECRET: z.string().optional(),
  PORTAL_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^/]+$/.test(v.replace(/\/$/, "")), { message: "expected an origin like https://portal.example.com" }),
  ENCRYPTION_KEY: encryptionKey,
  SESSION_IDLE_MINUTES: minutes(30, 24 * 60),
  SESSION_ABSOLUTE_MINUTES: minutes(12 * 60, 7 * 24 * 60),
  // Approvals, partner-tenant writes, the automation account and user administration need a sign-in this recent.
  FRESH_SIGN_IN_MINUTES: minutes(15, 24 * 60),
  GRAPH_CA_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(1),
  // The guard's sweep reads every customer tenant this often (fractions for time-scaled tests).
  GUARD_SWEEP_INTERVAL_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
  // Proxies in front of the portal that append the address they were reached from to
  // X-Forwarded-For; 0: the socket's address is the client's and no header is trusted (lib/auth/client-ip.ts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
});

/** The schema every environment variable is validated with; README's table of variables is generated from it (lib/config-docs.ts). */
export const envSchema = schema;
export type EnvName = keyof typeof schema.shape;

export type Config = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  /** True when no DATABASE_URL was given and the project runs its own Postgres. */
  embeddedDatabase: boolean;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  entraAuthorityHost: string;
  graphBaseUrl: string;
  emulatorPort: number;
  workerConcurrency: number;
  /** The MSP's own Entra tenant: the only tenant whose users may sign in. */
  partnerTenantId: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** The origin people reach the portal at (redirect URIs are built from it). */
  portalUrl: string;
  encryptionKey: Buffer | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
  /** How recent a sign-in must be for the actions that need a fresh one (lib/auth/fresh-sign-in.ts). */
  freshSignInMinutes: number;
  /** Graph allows Conditional Access requests at 1 per second per tenant; all processes together keep to this (lib/graph/README.md). */
  graphCaRequestsPerSecond: number;
  /** How often the guard's sweep reads every customer tenant (lib/guard/sweep.ts); default 5 minutes. */
  guardSweepIntervalSeconds: number;
  /** How many proxies in front of the portal append to X-Forwarded-For (0: none, the socket's address is the client's). */
  trustedProxyHops: number;
  appVersion: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export const EMBEDDED_DB = { user: "postgres", password: "postgres", database: "portal" } as const;

/** The demo's embedded Postgres keeps its cluster here, under DATA_DIR (tests and the bench start theirs elsewhere). */
export function embeddedPgDataDir(dataDir: string): string {
  return join(dataDir, "postgres");
}

/** The longest Unix socket path Linux takes (`sun_path`: 108 bytes with its terminating NUL). */
const SOCKET_PATH_MAX_BYTES = 107;

/**
 * The folder of the embedded Postgres's Unix socket: its own data folder, which only the server's
 * user (and root) can enter. The portal's processes on the same machine connect through it rather
 * than TCP on 127.0.0.1 (which stays open for other tools): a statement's round trip then skips the
 * TCP stack, and a bulk run sends thousands a second (README, `bench:bulk`). Null when the socket's
 * path would be too long for the system: the server then listens on TCP only, and the URL says so.
 */
export function embeddedSocketDir(pgDataDir: string, port: number): string | null {
  const dir = resolve(pgDataDir);
  return Buffer.byteLength(join(dir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX_BYTES ? dir : null;
}

/** An embedded Postgres's URL: through its socket when its data folder is given and the socket's path fits, else TCP. */
export function embeddedDatabaseUrl(port: number, database: string = EMBEDDED_DB.database, pgDataDir?: string): string {
  const url = `postgresql://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@127.0.0.1:${port}/${database}`;
  const socketDir = pgDataDir === undefined ? null : embeddedSocketDir(pgDataDir, port);
  // node-postgres reads a `host` parameter as the socket's folder (the port names the socket in it).
  return socketDir ? `${url}?host=${encodeURIComponent(socketDir)}` : url;
}

function readVersion(): string {
  try {
    return JSON.parse(readFileSync(resolve(process.cwd(), "package.json"), "utf8")).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  const dataDir = resolve(e.DATA_DIR);
  if (e.NODE_ENV === "production" && e.PARTNER_TENANT_ID && !e.ENCRYPTION_KEY) {
    // Tokens that reach every customer must not sit in the database in clear.
    throw new ConfigError(["ENCRYPTION_KEY: required in production once PARTNER_TENANT_ID is set"]);
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || embeddedDatabaseUrl(e.EMBEDDED_PG_PORT, EMBEDDED_DB.database, embeddedPgDataDir(dataDir)),
    embeddedDatabase: embedded,
    dataDir,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    entraAuthorityHost: e.ENTRA_AUTHORITY_HOST,
    graphBaseUrl: e.GRAPH_BASE_URL,
    emulatorPort: e.EMULATOR_PORT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    partnerTenantId: e.PARTNER_TENANT_ID,
    clientId: e.ENTRA_CLIENT_ID,
    clientSecret: e.ENTRA_CLIENT_SECRET || undefined,
    portalUrl: (e.PORTAL_URL || `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`).replace(/\/$/, ""),
    encryptionKey: e.ENCRYPTION_KEY,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteMinutes: e.SESSION_ABSOLUTE_MINUTES,
    freshSignInMinutes: e.FRESH_SIGN_IN_MINUTES,
    graphCaRequestsPerSecond: e.GRAPH_CA_REQUESTS_PER_SECOND,
    guardSweepIntervalSeconds: e.GUARD_SWEEP_INTERVAL_SECONDS,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    appVersion: readVersion(),
  };
}

let cached: Config | undefined;

/** The process's configuration, validated on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For launchers: the environment a child process gets, with our overrides on top. */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Exits with a readable message when the configuration is invalid (launchers call this first). */
export function configOrExit(): Config {
  try {
    return config();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
