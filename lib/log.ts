// Structured JSON logs. Anything that may hold a secret is redacted by key, wherever it appears,
// so a token pasted into an error object never reaches the log sink.
import pino, { type Logger } from "pino";
import { config } from "./config";

const SECRET_KEYS = [
  "password",
  "secret",
  "clientSecret",
  "client_secret",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "id_token",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "databaseUrl",
  "DATABASE_URL",
  "connectionString",
  "encryptionKey",
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers["${k.toLowerCase()}"]`]);

export function createLogger(name: string, level?: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level: level ?? config().logLevel,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

let root: Logger | undefined;
export function log(): Logger {
  root ??= createLogger("portal");
  return root;
}
