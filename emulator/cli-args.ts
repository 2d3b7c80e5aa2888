// Command-line flags of `npm run emulator`. Pure, so bad flags are tested without a server: every
// error is a sentence the user can act on, and main.ts exits 2 with it.

export interface CliOptions {
  port: number;
  browserPort: number | undefined; // default: port + 1
  tenants: number;
  seed: number;
  timeScale: number;
  /** Every customer tenant gets this many policies instead of its scenario's usual number. */
  policiesPerTenant: number | undefined;
  certDir: string;
  portalOrigins: string[];
  help: boolean;
}

export const DEFAULTS = { port: 4443, tenants: 40, seed: 1, timeScale: 1, certDir: ".data/emulator-certs" } as const;

export const USAGE = `Usage: npm run emulator -- [options]
  --port N            HTTPS port on 127.0.0.1 (default ${DEFAULTS.port}; 0 = any free port)
  --browser-port N    plain-HTTP port for the sign-in pages (default: port + 1; 0 = any free port)
  --tenants N         customer tenants to seed, 1..20000 (default ${DEFAULTS.tenants})
  --policies-per-tenant N  every customer tenant gets N drawn policies, 1..500 (default: by scenario)
  --seed N            seed of the fleet, an integer (default ${DEFAULTS.seed})
  --time-scale F      multiplies every duration: 0.01 = 100x faster (default ${DEFAULTS.timeScale})
  --cert-dir DIR      where the CA and server certificate live (default ${DEFAULTS.certDir})
  --portal-origin URL another portal origin; adds URL/api/auth/callback as a redirect URI (repeatable)
  --help              this text`;

export class CliError extends Error {}

function integer(flag: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new CliError(`${flag} needs an integer, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new CliError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseCliArgs(argv: string[]): CliOptions {
  const out: CliOptions = { ...DEFAULTS, browserPort: undefined, policiesPerTenant: undefined, portalOrigins: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      out.help = true;
      continue;
    }
    if (!arg.startsWith("--")) throw new CliError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new CliError(`${flag} needs a value`);
    switch (flag) {
      case "--port":
        out.port = integer(flag, value, 0, 65535);
        break;
      case "--browser-port":
        out.browserPort = integer(flag, value, 0, 65535);
        break;
      case "--tenants":
        out.tenants = integer(flag, value, 1, 20000);
        break;
      case "--policies-per-tenant":
        out.policiesPerTenant = integer(flag, value, 1, 500);
        break;
      case "--seed":
        out.seed = integer(flag, value, -2147483648, 2147483647);
        break;
      case "--time-scale": {
        const n = Number(value);
        if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value) || !Number.isFinite(n) || n <= 0 || n > 100) {
          throw new CliError(`--time-scale needs a number greater than 0 and at most 100, got '${value}'`);
        }
        out.timeScale = n;
        break;
      }
      case "--cert-dir":
        if (value.trim() === "") throw new CliError("--cert-dir needs a directory");
        out.certDir = value;
        break;
      case "--portal-origin": {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new CliError(`--portal-origin needs an origin such as http://localhost:3001, got '${value}'`);
        }
        if (!/^https?:$/.test(url.protocol) || (url.pathname !== "/" && url.pathname !== "")) {
          throw new CliError(`--portal-origin needs an http(s) origin without a path, got '${value}'`);
        }
        out.portalOrigins.push(url.origin);
        break;
      }
      default:
        throw new CliError(`unknown flag ${flag}`);
    }
  }
  if (out.browserPort !== undefined && out.browserPort !== 0 && out.browserPort === out.port) {
    throw new CliError("--browser-port must differ from --port");
  }
  if (out.port === 65535 && out.browserPort === undefined) throw new CliError("--port 65535 leaves no default browser port; pass --browser-port");
  return out;
}
