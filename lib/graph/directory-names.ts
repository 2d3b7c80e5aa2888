// The names of what a tenant's policies point at, read from Graph with as few requests as Graph
// allows: users, groups and service principals in batches of 1,000 ids per getByIds, one list of
// role definitions, one list each of named locations, terms of use and authentication contexts,
// and one request per application (by appId) and per other tenant. Each kind is asked only when a
// policy names something of that kind; a kind Graph refuses leaves its ids "unreadable", never
// fails the sync. Every request sent is counted, Conditional Access ones (paced) apart.
import { NAME_KINDS, type NameKind, type PolicyReferences, type ResolvedName } from "../ca";
import { GraphFailure, type NameResolution } from "./tenant-graph-contract";

/**
 * getByIds takes "up to 1000" ids per request (learn.microsoft.com/graph/api/directoryobject-getbyids,
 * request body `ids`; the Entra PowerShell wrapper says the same: learn.microsoft.com/powershell/module/
 * microsoft.entra.directorymanagement/get-entradirectoryobject, "a list of up to 1000 GUIDs").
 */
export const GET_BY_IDS_LIMIT = 1000;

export const NAME_PATHS = {
  getByIds: "/directoryObjects/getByIds",
  roleDefinitions: "/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn",
  servicePrincipal: (appId: string) => `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName`,
  namedLocations: "/identity/conditionalAccess/namedLocations",
  termsOfUse: "/identityGovernance/termsOfUse/agreements?$select=id,displayName",
  authenticationContexts: "/identity/conditionalAccess/authenticationContextClassReferences?$select=id,displayName",
  tenant: (tenantId: string) => `/tenantRelationships/findTenantInformationByTenantId(tenantId='${encodeURIComponent(tenantId)}')`,
} as const;

/** How directory-names.ts reaches Graph (GraphTenant gives it a client with directory scopes). */
export interface NameReader {
  get(path: string, action: string): Promise<unknown>;
  post(path: string, body: object, action: string): Promise<unknown>;
  /** Every item of a collection; returns the items and how many pages (requests) it took. */
  list(path: string, action: string): Promise<{ items: unknown[]; pages: number }>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

function namedLocationDetail(l: Json): string | null {
  const ranges = Array.isArray(l.ipRanges) ? l.ipRanges.map((r) => str((r as Json).cidrAddress)).filter((r): r is string => r !== null) : [];
  if (ranges.length > 0) return `${l.isTrusted === true ? "trusted " : ""}IP ranges ${ranges.join(", ")}`;
  const countries = Array.isArray(l.countriesAndRegions) ? l.countriesAndRegions.filter((c): c is string => typeof c === "string") : [];
  if (countries.length > 0 || l.includeUnknownCountriesAndRegions === true) {
    return `countries ${countries.join(", ") || "none"}${l.includeUnknownCountriesAndRegions === true ? " and unknown countries" : ""}`;
  }
  return null;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function readNames(reader: NameReader, refs: PolicyReferences): Promise<NameResolution> {
  const names: ResolvedName[] = [];
  let requests = 0;
  let caRequests = 0;
  const unreadable: { kind: NameKind; message: string }[] = [];

  /** Runs one kind's reads; a Graph failure marks the kind's ids unreadable (with the reason), anything else throws. */
  const kind = async (k: NameKind, read: (ids: string[]) => Promise<Map<string, { displayName: string | null; detail?: string | null }>>) => {
    const ids = refs[k];
    if (ids.length === 0) return;
    try {
      const found = await read(ids);
      for (const id of ids) {
        const hit = found.get(id);
        names.push(
          hit
            ? { kind: k, id, displayName: hit.displayName, detail: hit.detail ?? null, status: "found" }
            : { kind: k, id, displayName: null, status: "missing" },
        );
      }
    } catch (err) {
      if (!(err instanceof GraphFailure)) throw err;
      unreadable.push({ kind: k, message: err.message });
      for (const id of ids) names.push({ kind: k, id, displayName: null, status: "unreadable" });
    }
  };
  const byId = (items: unknown[], key = "id") => {
    const map = new Map<string, { displayName: string | null; detail?: string | null }>();
    for (const item of items as Json[]) {
      const id = str(item[key]);
      if (id) map.set(id.toLowerCase(), { displayName: str(item.displayName) });
    }
    return map;
  };

  await kind("directoryObject", async (ids) => {
    const map = new Map<string, { displayName: string | null; detail?: string | null }>();
    for (const batch of chunks(ids, GET_BY_IDS_LIMIT)) {
      requests += 1;
      const body = (await reader.post(
        NAME_PATHS.getByIds,
        { ids: batch, types: ["user", "group", "servicePrincipal"] },
        "reading the names of users and groups",
      )) as Json | null;
      for (const item of (Array.isArray(body?.value) ? body.value : []) as Json[]) {
        const id = str(item.id);
        if (id) map.set(id.toLowerCase(), { displayName: str(item.displayName), detail: str(item.userPrincipalName) });
      }
    }
    return map;
  });
  await kind("role", async () => {
    const { items, pages } = await reader.list(NAME_PATHS.roleDefinitions, "reading the directory roles");
    requests += pages;
    const map = byId(items);
    for (const [k, v] of byId(items, "templateId")) map.set(k, v); // policies name roles by template id
    return map;
  });
  await kind("application", async (ids) => {
    const map = new Map<string, { displayName: string | null }>();
    for (const appId of ids) {
      requests += 1;
      try {
        const sp = (await reader.get(NAME_PATHS.servicePrincipal(appId), `reading the name of app ${appId}`)) as Json | null;
        map.set(appId, { displayName: str(sp?.displayName) });
      } catch (err) {
        if (!(err instanceof GraphFailure && err.problem === "not-found")) throw err; // no such app here: missing
      }
    }
    return map;
  });
  await kind("namedLocation", async () => {
    const { items, pages } = await reader.list(NAME_PATHS.namedLocations, "reading the named locations");
    requests += pages;
    caRequests += pages;
    const map = new Map<string, { displayName: string | null; detail?: string | null }>();
    for (const l of items as Json[]) {
      const id = str(l.id);
      if (id) map.set(id.toLowerCase(), { displayName: str(l.displayName), detail: namedLocationDetail(l) });
    }
    return map;
  });
  await kind("termsOfUse", async () => {
    const { items, pages } = await reader.list(NAME_PATHS.termsOfUse, "reading the terms of use");
    requests += pages;
    return byId(items);
  });
  await kind("authenticationContext", async () => {
    const { items, pages } = await reader.list(NAME_PATHS.authenticationContexts, "reading the authentication contexts");
    requests += pages;
    caRequests += pages;
    return byId(items);
  });
  await kind("tenant", async (ids) => {
    const map = new Map<string, { displayName: string | null }>();
    for (const tenantId of ids) {
      requests += 1;
      try {
        const info = (await reader.get(NAME_PATHS.tenant(tenantId), `reading the name of tenant ${tenantId}`)) as Json | null;
        map.set(tenantId, { displayName: str(info?.displayName) });
      } catch (err) {
        if (!(err instanceof GraphFailure && err.problem === "not-found")) throw err;
      }
    }
    return map;
  });
  names.sort((a, b) => NAME_KINDS.indexOf(a.kind) - NAME_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
  return { names, requests, caRequests, unreadable };
}
