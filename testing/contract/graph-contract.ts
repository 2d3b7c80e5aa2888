// The contract suite: one set of assertions about the Graph and Entra behaviour the portal relies on,
// run unchanged against the local cloud (testing/contract/local-cloud.int.test.ts, part of `npm test`) and
// against a real test tenant (`npm run contract -- --live`, scripts/contract.ts). Each case names the rows of
// emulator/README.md's "Behaviour the portal relies on" table it checks (`covers`), where the sources are;
// testing/behaviour-sources.test.ts refuses a case naming a row that is not there.
//
// Writes: the suite creates its own two disabled policies (named CONTRACT_POLICY_PREFIX…), changes only those
// and deletes them at the end, also when a check fails. `ownWritesOnly` enforces it: any POST elsewhere than
// the policies collection, or any PATCH/DELETE of a policy it did not create, throws before it is sent.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";

export const CONTRACT_POLICY_PREFIX = "MSP portal contract test";

export interface GraphAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

export type GraphMethod = "GET" | "POST" | "PATCH" | "DELETE";
/** One Graph v1.0 request with an app-only token; `path` is relative to the version ("/identity/…") or an absolute nextLink. */
export type GraphCall = (method: GraphMethod, path: string, body?: unknown) => Promise<GraphAnswer>;

export interface ContractTarget {
  /** "the local cloud" or "tenant <id>", for the report. */
  name: string;
  tenantId: string;
  /** Milliseconds between Conditional Access requests: Graph allows 1 per second per tenant (1000 live). */
  paceMs: number;
  /** An app with Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Organization.Read.All (application). */
  graph: GraphCall;
  /** An app holding only Policy.ReadWrite.ConditionalAccess (application). */
  writeOnlyGraph: GraphCall;
}

export interface ContractContext {
  target: ContractTarget;
  /** Paced like the portal (one request per paceMs, 429 retried), and guarded: writes only to the suite's own policies. */
  graph: GraphCall;
  /** The write-only app, paced the same way. */
  writeOnlyGraph: GraphCall;
  /** Ids of the policies the suite created (first: the one it changes). */
  own: string[];
}

export interface ContractCase {
  title: string;
  /** Rows of emulator/README.md's "Behaviour the portal relies on" this case checks. */
  covers: string[];
  run(ctx: ContractContext): Promise<void>;
}

const POLICIES = "/identity/conditionalAccess/policies";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GENERIC_400 = "The server could not process the request because it is malformed or incorrect.";
const AAD_PREMIUM = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
const AAD_PREMIUM_P2 = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const error = (a: GraphAnswer) => obj(obj(a.body).error);
const inner = (a: GraphAnswer) => obj(error(a).innerError);

/** A caller that refuses, before sending, any write but creating a policy or changing/deleting one of `own`. */
export function ownWritesOnly(call: GraphCall, own: readonly string[]): GraphCall {
  return (method, path, body) => {
    if (method !== "GET") {
      const relative = path.replace(/^https:\/\/[^/]+\/v1\.0/, "").split("?")[0]!;
      const allowed = method === "POST" ? relative === POLICIES : own.some((id) => relative === `${POLICIES}/${id}`);
      if (!allowed) throw new Error(`The contract suite refuses to ${method} ${path}: it writes only to the policies it created.`);
    }
    return call(method, path, body);
  };
}

/**
 * One request at a time, `paceMs` apart, as the portal paces a tenant; a 429 is retried after its Retry-After
 * or a growing pause (the portal's retry budget), so the cases are not failed by the throttling only one case tests.
 */
export function paced(call: GraphCall, paceMs: number): GraphCall {
  let last = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return (method, path, body) => {
    const turn = queue.then(async () => {
      for (let attempt = 0; ; attempt++) {
        await wait(Math.max(0, last + paceMs - Date.now()));
        last = Date.now();
        const answer = await call(method, path, body);
        if (answer.status !== 429 || attempt >= 5) return answer;
        const after = Number(answer.headers["retry-after"]);
        await wait(Number.isFinite(after) && after > 0 ? after * 1000 : paceMs * 2 ** (attempt + 1));
      }
    });
    queue = turn.catch(() => undefined);
    return turn;
  };
}

/** A disabled policy that applies to nobody: includes no user ("None") and no application ("None"). */
export function ownPolicyBody(label: string): Json {
  return {
    displayName: `${CONTRACT_POLICY_PREFIX} ${label} ${new Date().toISOString()}`,
    state: "disabled",
    conditions: { applications: { includeApplications: ["None"] }, users: { includeUsers: ["None"] } },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
}

function expectStatus(a: GraphAnswer, status: number, what: string) {
  assert.equal(a.status, status, `${what}: expected HTTP ${status}, got ${a.status} ${JSON.stringify(a.body)?.slice(0, 400)}`);
}

/** Creates the suite's two policies (checking what Graph answers to a create). */
export async function setUpContract(target: ContractTarget): Promise<ContractContext> {
  const own: string[] = [];
  const ctx: ContractContext = {
    target,
    graph: ownWritesOnly(paced(target.graph, target.paceMs), own),
    writeOnlyGraph: ownWritesOnly(paced(target.writeOnlyGraph, target.paceMs), []),
    own,
  };
  for (const label of ["A", "B"]) {
    const created = await ctx.graph("POST", POLICIES, ownPolicyBody(label));
    expectStatus(created, 201, "creating the suite's own policy");
    const id = obj(created.body).id;
    assert.ok(typeof id === "string" && GUID.test(id), `a created policy has a GUID id, got ${String(id)}`);
    own.push(id);
  }
  return ctx;
}

/** Deletes the suite's own policies; returns the ids it could not delete (reported, never silently left). */
export async function tearDownContract(ctx: ContractContext): Promise<string[]> {
  const left: string[] = [];
  for (const id of ctx.own) {
    const res = await ctx.graph("DELETE", `${POLICIES}/${id}`).catch(() => undefined);
    if (!res || (res.status !== 204 && res.status !== 404)) left.push(id);
  }
  return left;
}

async function readOwn(ctx: ContractContext, id = ctx.own[0]!): Promise<Json> {
  const res = await ctx.graph("GET", `${POLICIES}/${id}`);
  expectStatus(res, 200, `reading the suite's policy ${id}`);
  return obj(res.body);
}

export const CONTRACT_CASES: ContractCase[] = [
  {
    title: "a created policy comes back whole: a new id, every property (unset complex null, unset collections []), modifiedDateTime null",
    covers: ["create-defaults", "policy-shape"],
    async run(ctx) {
      const p = await readOwn(ctx, ctx.own[1]);
      assert.equal(p.id, ctx.own[1]);
      assert.equal(p.modifiedDateTime, null);
      assert.equal(p.state, "disabled");
      assert.ok(String(p["@odata.context"] ?? "").includes("$metadata#identity/conditionalAccess/policies"), "@odata.context names the policies");
      const c = obj(p.conditions);
      assert.deepEqual(c.userRiskLevels, []);
      assert.deepEqual(c.clientAppTypes, ["all"]);
      assert.ok("platforms" in c && c.platforms === null, "conditions.platforms is null");
      assert.ok("locations" in c && c.locations === null, "conditions.locations is null");
      const users = obj(c.users);
      assert.deepEqual(users.includeUsers, ["None"]);
      assert.deepEqual(users.excludeUsers, []);
      assert.deepEqual(users.excludeGroups, []);
      assert.ok("excludeGuestsOrExternalUsers" in users && users.excludeGuestsOrExternalUsers === null, "excludeGuestsOrExternalUsers is null");
      assert.ok("sessionControls" in p && p.sessionControls === null, "sessionControls is null");
      assert.deepEqual(obj(p.grantControls).builtInControls, ["mfa"]);
    },
  },
  {
    title: "PATCH merges: only what is sent changes, arrays and flags strings are replaced whole, 204 without a body",
    covers: ["patch-merge", "policy-shape"],
    async run(ctx) {
      const id = ctx.own[0]!;
      const tenants = {
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members: [ctx.target.tenantId],
      };
      const first = await ctx.graph("PATCH", `${POLICIES}/${id}`, {
        conditions: {
          users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider", externalTenants: tenants } },
        },
      });
      expectStatus(first, 204, "a PATCH of the users condition");
      assert.equal(first.body, null, "a 204 has no body");
      let p = await readOwn(ctx);
      let users = obj(obj(p.conditions).users);
      assert.deepEqual(users.includeUsers, ["None"], "includeUsers kept (merged, not replaced)");
      assert.deepEqual(obj(obj(p.conditions).applications).includeApplications, ["None"], "applications kept");
      assert.deepEqual(obj(p.grantControls).builtInControls, ["mfa"], "grantControls kept");
      const guests = obj(users.excludeGuestsOrExternalUsers);
      assert.equal(guests.guestOrExternalUserTypes, "b2bCollaborationGuest,serviceProvider", "flags are one comma-separated string");
      assert.deepEqual(obj(guests.externalTenants).members, [ctx.target.tenantId]);
      assert.ok(typeof p.modifiedDateTime === "string" && !Number.isNaN(Date.parse(p.modifiedDateTime)), "modifiedDateTime stamped");

      const second = await ctx.graph("PATCH", `${POLICIES}/${id}`, {
        conditions: { users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: tenants } } },
      });
      expectStatus(second, 204, "a second PATCH");
      p = await readOwn(ctx);
      users = obj(obj(p.conditions).users);
      assert.equal(obj(users.excludeGuestsOrExternalUsers).guestOrExternalUserTypes, "serviceProvider", "a flags string is replaced, not merged");
      assert.equal(p.state, "disabled", "state untouched");
    },
  },
  {
    title: "externalTenants without @odata.type is refused (400)",
    covers: ["external-tenants-type"],
    async run(ctx) {
      const res = await ctx.graph("PATCH", `${POLICIES}/${ctx.own[0]}`, {
        conditions: {
          users: {
            excludeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: "serviceProvider",
              externalTenants: { membershipKind: "enumerated", members: [ctx.target.tenantId] },
            },
          },
        },
      });
      expectStatus(res, 400, "externalTenants without @odata.type");
    },
  },
  {
    title: "a property v1.0 does not have is refused with 1007 in error.message",
    covers: ["schema-1007"],
    async run(ctx) {
      const res = await ctx.graph("PATCH", `${POLICIES}/${ctx.own[0]}`, { notAProperty: true });
      expectStatus(res, 400, "an unknown property");
      assert.match(String(error(res).message), /^1007: Incoming ConditionalAccessPolicy object is null or does not match the schema/);
    },
  },
  {
    title: "a create without an applications condition is refused with 1011",
    covers: ["applications-1011"],
    async run(ctx) {
      const body = ownPolicyBody("no applications");
      delete (body.conditions as Json).applications;
      const res = await ctx.graph("POST", POLICIES, body);
      const id = obj(res.body).id;
      if (typeof id === "string") ctx.own.push(id); // created after all: deleted with the others
      expectStatus(res, 400, "a create without applications");
      assert.match(
        `${String(error(res).message)} ${String(inner(res).message ?? "")}`,
        /\b1011: 'applications' condition must specify the applications to include/,
      );
    },
  },
  {
    title: "1032 comes as the generic message with the number in innerError.message",
    covers: ["generic-message-1032"],
    async run(ctx) {
      const body = { ...ownPolicyBody("password change"), grantControls: { operator: "OR", builtInControls: ["passwordChange"] } };
      const res = await ctx.graph("POST", POLICIES, body);
      const id = obj(res.body).id;
      if (typeof id === "string") ctx.own.push(id);
      expectStatus(res, 400, "passwordChange without its required companions");
      assert.equal(error(res).message, GENERIC_400);
      assert.match(String(inner(res).message), /^1032: /);
    },
  },
  {
    title: "a user or group the tenant does not have is refused (400, generic message)",
    covers: ["unknown-objects"],
    async run(ctx) {
      for (const users of [{ excludeUsers: [randomUUID()] }, { excludeGroups: [randomUUID()] }]) {
        const res = await ctx.graph("PATCH", `${POLICIES}/${ctx.own[0]}`, { conditions: { users } });
        expectStatus(res, 400, `an unknown object in ${Object.keys(users)[0]}`);
        assert.equal(error(res).message, GENERIC_400);
      }
    },
  },
  {
    title: "an unknown policy id is a 404",
    covers: ["not-found-404"],
    async run(ctx) {
      expectStatus(await ctx.graph("GET", `${POLICIES}/${randomUUID()}`), 404, "an unknown policy");
    },
  },
  {
    title: "list and get need Policy.Read.All: an app with only Policy.ReadWrite.ConditionalAccess gets 403 AccessDenied",
    covers: ["ca-read-permission"],
    async run(ctx) {
      for (const path of [POLICIES, `${POLICIES}/${ctx.own[0]}`]) {
        const res = await ctx.writeOnlyGraph("GET", path);
        expectStatus(res, 403, `GET ${path} with only Policy.ReadWrite.ConditionalAccess`);
        assert.equal(error(res).code, "AccessDenied");
      }
    },
  },
  {
    title: "the list pages with an absolute https @odata.nextLink until it is absent",
    covers: ["paging-nextlink", "policy-shape"],
    async run(ctx) {
      const seen = new Set<string>();
      let next: string | undefined = `${POLICIES}?$top=1`;
      for (let page = 0; next && page < 500; page++) {
        const res = await ctx.graph("GET", next);
        expectStatus(res, 200, "a page of the policy list");
        const body = obj(res.body);
        assert.ok(Array.isArray(body.value), "a collection has value[]");
        for (const p of body.value as Json[]) seen.add(String(p.id));
        const link = body["@odata.nextLink"];
        if (link !== undefined) assert.match(String(link), /^https:\/\/[^/]+\/v1\.0\/identity\/conditionalAccess\/policies\?/, "nextLink is absolute https");
        next = typeof link === "string" ? link : undefined;
      }
      assert.equal(next, undefined, "paging ends");
      for (const id of ctx.own.slice(0, 2)) assert.ok(seen.has(id), `the suite's policy ${id} is on a page`);
    },
  },
  {
    title: "the tenant's service plans show Microsoft Entra ID P1 (AAD_PREMIUM) in /organization",
    covers: ["organization-plans"],
    async run(ctx) {
      const res = await ctx.graph("GET", "/organization?$select=id,assignedPlans");
      expectStatus(res, 200, "reading /organization");
      const org = obj((obj(res.body).value as Json[] | undefined)?.[0]);
      assert.equal(org.id, ctx.target.tenantId);
      const plans = (org.assignedPlans as Json[] | undefined) ?? [];
      assert.ok(
        plans.some((p) => [AAD_PREMIUM, AAD_PREMIUM_P2].includes(String(p.servicePlanId).toLowerCase()) && p.capabilityStatus === "Enabled"),
        "an enabled AAD_PREMIUM or AAD_PREMIUM_P2 plan (the test tenant needs Entra ID P1)",
      );
    },
  },
  {
    title: "Conditional Access is throttled per tenant: a burst of 20 reads meets 429 TooManyRequests without Retry-After",
    covers: ["throttle-no-retry-after"],
    async run(ctx) {
      // Unpaced on purpose (reads only): the one place the suite goes over the documented limit.
      const answers = await Promise.all(Array.from({ length: 20 }, () => ctx.target.graph("GET", `${POLICIES}/${ctx.own[0]}`)));
      const refused = answers.filter((a) => a.status === 429);
      assert.ok(refused.length > 0, `20 reads at once should exceed 1 request per second; statuses: ${answers.map((a) => a.status).join(",")}`);
      for (const r of refused) {
        assert.equal(error(r).code, "TooManyRequests");
        assert.equal(r.headers["retry-after"], undefined, "no Retry-After on a Conditional Access 429");
      }
      for (const a of answers) assert.ok(a.status === 200 || a.status === 429, `only 200 or 429, got ${a.status}`);
    },
  },
];

export interface ContractReport {
  passed: string[];
  failed: { title: string; error: string }[];
  /** Own policies that could not be deleted (the report says so; they are named CONTRACT_POLICY_PREFIX…). */
  left: string[];
}

/** Runs every case in order, then deletes the suite's own policies (also after a failure). */
export async function runContract(target: ContractTarget, log: (line: string) => void, pauseMs = target.paceMs * 2): Promise<ContractReport> {
  const report: ContractReport = { passed: [], failed: [], left: [] };
  log(`Contract suite against ${target.name}`);
  const ctx = await setUpContract(target);
  try {
    for (const c of CONTRACT_CASES) {
      await new Promise((r) => setTimeout(r, pauseMs));
      try {
        await c.run(ctx);
        report.passed.push(c.title);
        log(`  ok    ${c.title}  [${c.covers.join(", ")}]`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        report.failed.push({ title: c.title, error: message });
        log(`  FAIL  ${c.title}  [${c.covers.join(", ")}]\n        ${message.split("\n").join("\n        ")}`);
      }
    }
  } finally {
    await new Promise((r) => setTimeout(r, pauseMs));
    report.left = await tearDownContract(ctx);
  }
  log(
    `${report.passed.length} passed, ${report.failed.length} failed${report.left.length ? `; NOT deleted: ${report.left.join(", ")}` : "; the suite's own policies are deleted"}`,
  );
  return report;
}
