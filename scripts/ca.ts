// Command line for the Conditional Access engine (lib/ca): dry runs and scripting without the portal.
// Results go to stdout with exit 0; anything wrong with the input is one line on stderr and exit 2.
import { readFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  InvalidArgumentError,
  PolicyReadError,
  buildServiceAccountPolicy,
  describeText,
  planServiceAccountExclusion,
  planServiceProviderExclusion,
  readPolicy,
  requireGuid,
  CONDITIONAL_ACCESS_POLICY_STATES,
  type ConditionalAccessPolicyState,
  type ExclusionPlan,
} from "@/lib/ca";

export interface CliIo {
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const USAGE = `Usage: npm run --silent ca -- <command>

  describe FILE|-                                         the policy in plain English (text)
  plan-exclusion --partner-tenant GUID FILE|-             plan excluding the partner's service-provider users (JSON)
  plan-service-account-exclusion --account GUID FILE|-    plan excluding the service account (JSON)
  service-account-policy --account GUID [--name TEXT] [--state STATE]
                                                          the service-account policy POST body (JSON)

FILE is one conditionalAccessPolicy as Graph JSON; - reads it from standard input.
STATE is one of: ${CONDITIONAL_ACCESS_POLICY_STATES.join(", ")}.
Exit codes: 0 done, 2 bad input (one line on stderr), 1 unexpected failure.`;

/** Input the user can fix: reported as one line, exit 2. */
class UsageError extends Error {}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const output = await run(argv, io);
    io.stdout(output.endsWith("\n") ? output : `${output}\n`);
    return 0;
  } catch (error) {
    const badInput = error instanceof UsageError || error instanceof PolicyReadError || error instanceof InvalidArgumentError;
    io.stderr(`ca: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return badInput ? 2 : 1;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<string> {
  const [command, ...rest] = argv;
  switch (command) {
    case "describe": {
      const { file } = parse(command, rest, {});
      return describeText(await readPolicyInput(file, io));
    }
    case "plan-exclusion": {
      const { file, values } = parse(command, rest, { "partner-tenant": { type: "string" } });
      const partner = requireGuid(required(command, values, "partner-tenant"), "--partner-tenant");
      return planJson(planServiceProviderExclusion(await readPolicyInput(file, io), partner));
    }
    case "plan-service-account-exclusion": {
      const { file, values } = parse(command, rest, { account: { type: "string" } });
      const account = requireGuid(required(command, values, "account"), "--account");
      return planJson(planServiceAccountExclusion(await readPolicyInput(file, io), account));
    }
    case "service-account-policy": {
      const { values } = parse(command, rest, { account: { type: "string" }, name: { type: "string" }, state: { type: "string" } }, false);
      const state = values.state;
      if (state !== undefined && !(CONDITIONAL_ACCESS_POLICY_STATES as readonly string[]).includes(state)) {
        throw new UsageError(`--state: expected one of ${CONDITIONAL_ACCESS_POLICY_STATES.join(", ")}, got ${JSON.stringify(state)}`);
      }
      const body = buildServiceAccountPolicy({
        accountId: requireGuid(required(command, values, "account"), "--account"),
        ...(values.name === undefined ? {} : { displayName: values.name }),
        ...(state === undefined ? {} : { state: state as ConditionalAccessPolicyState }),
      });
      return JSON.stringify(body, null, 2);
    }
    case "help":
    case "--help":
    case "-h":
      return USAGE;
    case undefined:
      throw new UsageError("no command given; run with --help for usage");
    default:
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}; commands: describe, plan-exclusion, plan-service-account-exclusion, service-account-policy`,
      );
  }
}

type OptionSpec = Record<string, { type: "string" }>;

function parse(command: string, args: readonly string[], options: OptionSpec, wantsFile = true): { file: string; values: Record<string, string | undefined> } {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: OptionSpec; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${describeArgsError(error, options)}`);
  }
  const { values, positionals } = parsed;
  if (!wantsFile) {
    if (positionals.length > 0) throw new UsageError(`${command} takes no FILE argument, got ${JSON.stringify(positionals[0])}`);
    return { file: "", values: values as Record<string, string | undefined> };
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`${command} needs a FILE argument (or - for standard input)`);
  if (extra.length > 0) throw new UsageError(`${command} takes one FILE argument, got also ${JSON.stringify(extra[0])}`);
  return { file, values: values as Record<string, string | undefined> };
}

function required(command: string, values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (value === undefined) throw new UsageError(`${command} needs --${name} GUID`);
  return value;
}

async function readPolicyInput(file: string, io: CliIo) {
  const source = file === "-" ? "standard input" : file;
  let text: string;
  try {
    text = file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${source}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return readPolicy(json);
  } catch (error) {
    if (error instanceof PolicyReadError) {
      throw new UsageError(`${source} is not a usable Conditional Access policy: ${error.message}`);
    }
    throw error;
  }
}

function planJson(plan: ExclusionPlan): string {
  const { outcome, body, warnings, reason } = plan;
  return JSON.stringify({ outcome, body, warnings, reason }, null, 2);
}

/** node:util's messages suggest quoting tricks; say what is wrong in our terms instead. */
function describeArgsError(error: unknown, options: OptionSpec): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  const known = Object.keys(options).map((name) => `--${name}`);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `unknown option ${option ?? message}${known.length > 0 ? ` (known: ${known.join(", ")})` : " (it takes no options)"}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `option ${option ?? ""} needs a value`.replace("  ", " ");
  return message;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

const nodeIo: CliIo = {
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  },
  readFile: (path) => readFile(path, "utf8"),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main(process.argv.slice(2), nodeIo);
}
