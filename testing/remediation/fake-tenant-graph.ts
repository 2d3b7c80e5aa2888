// An in-memory TenantGraph for the engine's tests: policies held as Graph JSON, PATCH applied with
// Graph's semantics (lib/ca's applyGraphPatch), every call recorded, failures injectable per call.
import { applyGraphPatch, NAME_KINDS, type PolicyReferences, type ResolvedName } from "@/lib/ca";
import {
  GraphFailure,
  RequestNotSent,
  type AccessPath,
  type GraphPolicy,
  type GraphWriteResult,
  type NamedLocation,
  type NameResolution,
  type TenantGraph,
  type WriteOptions,
} from "@/lib/graph/tenant-graph-contract";

export type FakeCall =
  | { method: "listPolicies" }
  | { method: "getPolicy"; policyId: string }
  | { method: "patchPolicy"; policyId: string; body: unknown; apiVersion: "v1.0" | "beta" }
  | { method: "createPolicy"; body: unknown; apiVersion: "v1.0" | "beta" }
  | { method: "listNamedLocations" }
  | { method: "evaluate"; body: unknown }
  | { method: "readNames" };

type Method = FakeCall["method"];

interface Fault {
  method: Method;
  policyId: string | undefined;
  error: Error;
  /** For patchPolicy: change the policy, then throw (a write whose answer was lost). */
  applyFirst: boolean;
}

const BASE_TIME = Date.parse("2026-11-01T00:00:00Z");

export class FakeTenantGraph implements TenantGraph {
  readonly access: AccessPath = "delegated";
  readonly calls: FakeCall[] = [];
  /** Runs inside patchPolicy before the change is made, e.g. to look at the database at that moment. */
  onPatch: ((policyId: string, body: unknown) => Promise<void> | void) | null = null;

  /**
   * Holds the next PATCH open until `release()`: `patching` resolves once a write is in flight,
   * so a test can act while one engine holds the tenant.
   */
  holdPatches(): { patching: Promise<void>; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inPatch!: () => void;
    const patching = new Promise<void>((resolve) => (inPatch = resolve));
    this.onPatch = async () => {
      inPatch();
      await gate;
    };
    return { patching, release };
  }
  private readonly policies = new Map<string, GraphPolicy>();
  private readonly faults: Fault[] = [];
  private tick = 0;
  private requests = 0;

  constructor(
    readonly tenantId: string,
    policies: readonly GraphPolicy[] = [],
  ) {
    for (const policy of policies) this.policies.set(policy.id, structuredClone(policy));
  }

  /** The policy as stored now (a copy). */
  policy(policyId: string): GraphPolicy {
    const policy = this.policies.get(policyId);
    if (!policy) throw new Error(`fake graph: no policy ${policyId}`);
    return structuredClone(policy);
  }

  /** An edit made outside the portal (e.g. in the Entra admin center): bumps modifiedDateTime. */
  edit(policyId: string, patch: Record<string, unknown>): void {
    this.policies.set(policyId, this.stamp(applyGraphPatch(this.policy(policyId), patch) as GraphPolicy));
  }

  remove(policyId: string): void {
    this.policies.delete(policyId);
  }

  /** The next matching call throws `error` (once). */
  failNext(method: Method, error: Error, options: { policyId?: string; applyFirst?: boolean } = {}): void {
    this.faults.push({ method, policyId: options.policyId, error, applyFirst: options.applyFirst ?? false });
  }

  creates(): { body: unknown; apiVersion: string }[] {
    return this.calls.flatMap((call) => (call.method === "createPolicy" ? [{ body: call.body, apiVersion: call.apiVersion }] : []));
  }

  patches(): { policyId: string; body: unknown }[] {
    return this.calls.flatMap((call) => (call.method === "patchPolicy" ? [{ policyId: call.policyId, body: call.body }] : []));
  }

  async listPolicies(): Promise<GraphPolicy[]> {
    this.calls.push({ method: "listPolicies" });
    this.fault("listPolicies", undefined);
    return [...this.policies.values()].map((policy) => structuredClone(policy));
  }

  async getPolicy(policyId: string): Promise<GraphPolicy> {
    this.calls.push({ method: "getPolicy", policyId });
    this.fault("getPolicy", policyId);
    return this.existing(policyId);
  }

  /** Honours a SendGuard like lib/graph does: asked before the PATCH "leaves"; a refused PATCH is not recorded as sent. */
  async patchPolicy(policyId: string, body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    const stop = options.guard ? await options.guard.beforeSend() : null;
    if (stop !== null) throw new RequestNotSent(stop);
    try {
      this.calls.push({ method: "patchPolicy", policyId, body: structuredClone(body), apiVersion: options.apiVersion ?? "v1.0" });
      const fault = this.takeFault("patchPolicy", policyId);
      if (fault && !fault.applyFirst) throw fault.error;
      await this.onPatch?.(policyId, body);
      const current = this.existing(policyId);
      this.policies.set(policyId, this.stamp(applyGraphPatch(current, body as Record<string, unknown>) as GraphPolicy));
      if (fault) throw fault.error;
      this.requests += 1;
      return { status: 204, requestId: `request-${this.requests}`, clientRequestId: `client-${this.requests}`, body: null };
    } finally {
      await options.guard?.afterSend?.();
    }
  }

  /** Creates the policy with a new id (Graph's 201 answers with the created entity); honours a SendGuard. */
  async createPolicy(body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    const stop = options.guard ? await options.guard.beforeSend() : null;
    if (stop !== null) throw new RequestNotSent(stop);
    try {
      this.calls.push({ method: "createPolicy", body: structuredClone(body), apiVersion: options.apiVersion ?? "v1.0" });
      this.fault("createPolicy", undefined);
      this.requests += 1;
      const id = `c${String(this.requests).padStart(7, "0")}-0000-4000-8000-000000000000`;
      const created = this.stamp({ ...(structuredClone(body) as GraphPolicy), id, createdDateTime: new Date(BASE_TIME).toISOString() });
      this.policies.set(id, created);
      return { status: 201, requestId: `request-${this.requests}`, clientRequestId: `client-${this.requests}`, body: structuredClone(created) };
    } finally {
      await options.guard?.afterSend?.();
    }
  }

  /** Named locations the fake lists (Graph JSON). */
  namedLocations: NamedLocation[] = [];
  /** What the fake's What If answers: set by a test, per request (the fake evaluates nothing itself). */
  whatIf: (body: unknown, policies: GraphPolicy[]) => unknown[] = () => [];

  async listNamedLocations(): Promise<NamedLocation[]> {
    this.calls.push({ method: "listNamedLocations" });
    this.fault("listNamedLocations", undefined);
    return structuredClone(this.namedLocations);
  }

  async evaluate(body: object): Promise<unknown[]> {
    this.calls.push({ method: "evaluate", body });
    this.fault("evaluate", undefined);
    return this.whatIf(
      body,
      [...this.policies.values()].map((p) => structuredClone(p)),
    );
  }

  /** Names this fake's directory knows (id -> name); any other id is answered as missing (deleted). */
  directoryNames: Record<string, string> = {};

  async readNames(refs: PolicyReferences): Promise<NameResolution> {
    this.calls.push({ method: "readNames" });
    const names: ResolvedName[] = NAME_KINDS.flatMap((kind) =>
      refs[kind].map((id): ResolvedName => {
        const name = this.directoryNames[id];
        return name === undefined ? { kind, id, displayName: null, status: "missing" } : { kind, id, displayName: name, status: "found" };
      }),
    );
    return { names, requests: NAME_KINDS.filter((k) => refs[k].length > 0).length, caRequests: 0, unreadable: [] };
  }

  private existing(policyId: string): GraphPolicy {
    const policy = this.policies.get(policyId);
    if (!policy) {
      throw new GraphFailure("not-found", `The policy ${policyId} does not exist in tenant ${this.tenantId}.`, { status: 404, code: "ResourceNotFound" });
    }
    return structuredClone(policy);
  }

  private stamp(policy: GraphPolicy): GraphPolicy {
    this.tick += 1;
    return { ...policy, modifiedDateTime: new Date(BASE_TIME + this.tick * 1000).toISOString() };
  }

  private takeFault(method: Method, policyId: string | undefined): Fault | undefined {
    const index = this.faults.findIndex((f) => f.method === method && (f.policyId === undefined || f.policyId === policyId));
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0];
  }

  private fault(method: Method, policyId: string | undefined): void {
    const fault = this.takeFault(method, policyId);
    if (fault) throw fault.error;
  }
}
