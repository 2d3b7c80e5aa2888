import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main, USAGE, type CliIo } from "./ca";

const root = fileURLToPath(new URL("..", import.meta.url));
const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const ACCOUNT = "0d9c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

const allUsersPolicy = {
  displayName: "Require MFA for everyone",
  state: "enabled",
  conditions: {
    users: { includeUsers: ["All"], excludeUsers: ["1a2b3c4d-0000-4000-8000-000000000001"] },
    applications: { includeApplications: ["All"] },
    clientAppTypes: ["all"],
  },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
};

const files: Record<string, string> = {
  "policy.json": JSON.stringify(allUsersPolicy),
  "broken.json": '{"displayName": "x", ',
  "not-a-policy.json": JSON.stringify({ hello: "world" }),
  "list.json": JSON.stringify({ value: [allUsersPolicy] }),
  "array.json": JSON.stringify([allUsersPolicy]),
  "wrong-type.json": JSON.stringify({ ...allUsersPolicy, conditions: { users: { includeUsers: 42 } } }),
};

async function cli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
      return content;
    },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("ca command line", () => {
  it("describe FILE prints the description as text", async () => {
    const result = await cli(["describe", "policy.json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Policy\n  Name: Require MFA for everyone\n  State: On (enabled)");
    expect(result.stdout).toContain("Users\n  Includes all users\n  Excludes users: 1a2b3c4d-0000-4000-8000-000000000001");
    expect(result.stdout).toContain("Grant\n  Grant access when the selected control is satisfied\n  Built-in controls: require multifactor authentication");
  });

  it("describe - reads standard input", async () => {
    const result = await cli(["describe", "-"], JSON.stringify(allUsersPolicy));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Name: Require MFA for everyone");
  });

  it("plan-exclusion prints outcome, body, warnings and reason as JSON", async () => {
    const result = await cli(["plan-exclusion", "--partner-tenant", PARTNER, "policy.json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(["outcome", "body", "warnings", "reason"]);
    expect(output).toMatchObject({
      outcome: "patch",
      body: {
        conditions: {
          users: {
            excludeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: "serviceProvider",
              externalTenants: {
                "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                membershipKind: "enumerated",
                members: [PARTNER],
              },
            },
          },
        },
      },
      warnings: [],
    });
  });

  it("plan-exclusion accepts --partner-tenant=GUID and standard input", async () => {
    const result = await cli(["plan-exclusion", `--partner-tenant=${PARTNER}`, "-"], JSON.stringify(allUsersPolicy));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: "patch" });
  });

  it("plan-service-account-exclusion prints the same shape", async () => {
    const result = await cli(["plan-service-account-exclusion", "--account", ACCOUNT, "policy.json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      outcome: "patch",
      body: { conditions: { users: { excludeUsers: ["1a2b3c4d-0000-4000-8000-000000000001", ACCOUNT] } } },
      warnings: [],
      reason: expect.stringContaining("includes all users") as unknown,
    });
  });

  it("service-account-policy prints the POST body, with name and state", async () => {
    const result = await cli(["service-account-policy", "--account", ACCOUNT, "--name", "MSP - MFA every time", "--state", "enabled"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      displayName: "MSP - MFA every time",
      state: "enabled",
      conditions: { users: { includeUsers: [ACCOUNT] } },
      sessionControls: { signInFrequency: { frequencyInterval: "everyTime" } },
    });
  });

  it("service-account-policy defaults to the CIPP name and report-only", async () => {
    const result = await cli(["service-account-policy", "--account", ACCOUNT]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      displayName: "CIPP Service Account Conditional Access Policy",
      state: "enabledForReportingButNotEnforced",
    });
  });

  it("--help prints usage", async () => {
    expect(await cli(["--help"])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: "" });
  });

  it.each([
    ["invalid JSON", ["describe", "broken.json"], /^ca: broken\.json is not valid JSON: /],
    ["invalid JSON on standard input", ["plan-exclusion", "--partner-tenant", PARTNER, "-"], /^ca: standard input is not valid JSON/],
    [
      "a non-policy object",
      ["plan-exclusion", "--partner-tenant", PARTNER, "not-a-policy.json"],
      /^ca: not-a-policy\.json is not a usable Conditional Access policy: conditions: missing/,
    ],
    ["a list of policies", ["describe", "list.json"], /list of policies .*pass one policy/],
    ["an array", ["describe", "array.json"], /got an array/],
    ["a property of the wrong type", ["describe", "wrong-type.json"], /conditions\.users\.includeUsers: expected an array of strings, got number 42/],
    [
      "a malformed partner tenant GUID",
      ["plan-exclusion", "--partner-tenant", "contoso.onmicrosoft.com", "policy.json"],
      /^ca: --partner-tenant: expected a GUID/,
    ],
    ["a malformed account GUID", ["plan-service-account-exclusion", "--account", "1234", "policy.json"], /^ca: --account: expected a GUID/],
    ["a malformed account GUID for the policy body", ["service-account-policy", "--account", "svc@contoso.com"], /^ca: --account: expected a GUID/],
    ["an unknown command", ["explain", "policy.json"], /^ca: unknown command "explain"/],
    ["no command", [], /^ca: no command given/],
    ["an unknown flag", ["plan-exclusion", "--partner", PARTNER, "policy.json"], /^ca: plan-exclusion: unknown option --partner \(known: --partner-tenant\)/],
    ["a flag on describe", ["describe", "--verbose", "policy.json"], /unknown option --verbose \(it takes no options\)/],
    ["a flag without its value", ["plan-exclusion", "policy.json", "--partner-tenant"], /option --partner-tenant needs a value/],
    ["a missing required flag", ["plan-exclusion", "policy.json"], /^ca: plan-exclusion needs --partner-tenant GUID/],
    ["a missing FILE", ["describe"], /needs a FILE argument/],
    ["two files", ["describe", "policy.json", "policy.json"], /takes one FILE argument/],
    ["a FILE where none is taken", ["service-account-policy", "--account", ACCOUNT, "policy.json"], /takes no FILE argument/],
    ["a file that does not exist", ["describe", "missing.json"], /^ca: cannot read missing\.json: no such file/],
    [
      "an invalid state",
      ["service-account-policy", "--account", ACCOUNT, "--state", "on"],
      /^ca: --state: expected one of enabled, disabled, enabledForReportingButNotEnforced, got "on"/,
    ],
  ])("%s: one line on stderr, exit 2", async (_label, argv, message) => {
    const result = await cli(argv, "{ not json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.endsWith("\n")).toBe(true);
    expect(result.stderr.trimEnd()).not.toContain("\n");
  });

  it("runs as a program: JSON and exit 0, one stderr line and exit 2", () => {
    const tsx = `${root}node_modules/.bin/tsx`;
    const policyFile = "vendor/ca-corpus/policies/207-ca-t1ext-gdap-serviceprovider-fido-complient-device.json";
    const ok = spawnSync(tsx, ["scripts/ca.ts", "plan-exclusion", "--partner-tenant", "cb9543bb-9168-4dc6-b17f-766487518a6a", "-"], {
      cwd: root,
      input: readFileSync(`${root}${policyFile}`, "utf8"),
      encoding: "utf8",
    });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ outcome: "needs-review" });

    const bad = spawnSync(tsx, ["scripts/ca.ts", "plan-exclusion", "--partner-tenant", "not-a-guid", policyFile], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^ca: --partner-tenant: expected a GUID[^\n]*\n$/);
  }, 30_000);
});
