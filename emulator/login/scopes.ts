// Scope strings as Entra v2 reads them: OIDC scopes, plus permissions of exactly one resource.
// Graph is the only resource in the local cloud; its permissions may be written bare
// ("Policy.Read.All"), with the Graph URI or with the Graph app id as prefix.
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from "@/emulator/contract";
import { AADSTS, type EntraError } from "./entra-errors";

export const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "profile", "email", "offline_access"]);
// The double-slash form ("https://graph.microsoft.com//.default") is accepted by Entra; test it first.
const GRAPH_PREFIXES = [`${GRAPH_AUDIENCE}//`, `${GRAPH_AUDIENCE}/`, `${GRAPH_APP_ID}/`];

export interface ParsedScopes {
  oidc: Set<string>;
  /** Graph permission names as requested (bare), in request order; empty with `.default`. */
  graph: string[];
  graphDefault: boolean;
  /** How each Graph permission was spelled in the request, so the response echoes it (msal's cache compares strings). */
  spelling: Map<string, string>;
}

export function parseScopes(raw: string, tenantName: string): { ok: true; scopes: ParsedScopes } | { ok: false; error: EntraError } {
  const scopes: ParsedScopes = { oidc: new Set(), graph: [], graphDefault: false, spelling: new Map() };
  const foreign = new Set<string>();
  for (const item of raw.split(/\s+/).filter(Boolean)) {
    const lower = item.toLowerCase();
    if (OIDC_SCOPES.has(lower)) {
      scopes.oidc.add(lower);
      continue;
    }
    const prefix = GRAPH_PREFIXES.find((p) => lower.startsWith(p.toLowerCase()));
    const name = prefix ? item.slice(prefix.length) : item;
    if (!prefix && /^[a-z][a-z0-9+.-]*:\/\//i.test(item)) {
      foreign.add(resourceOf(item));
      continue;
    }
    if (!prefix && item.includes("/")) {
      foreign.add(resourceOf(item));
      continue;
    }
    if (name === ".default") {
      scopes.graphDefault = true;
      continue;
    }
    if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(name)) return { ok: false, error: AADSTS.invalidScope(item) };
    const key = name.toLowerCase();
    if (!scopes.spelling.has(key)) {
      scopes.graph.push(name);
      scopes.spelling.set(key, item);
    }
  }
  const hasGraph = scopes.graph.length > 0 || scopes.graphDefault;
  if (foreign.size > 1 || (foreign.size === 1 && hasGraph)) return { ok: false, error: AADSTS.multipleResources() };
  const [resource] = [...foreign];
  if (resource !== undefined) return { ok: false, error: AADSTS.unknownResource(resource, tenantName) };
  if (scopes.graphDefault && scopes.graph.length > 0) return { ok: false, error: AADSTS.invalidScope(".default combined with named scopes") };
  return { ok: true, scopes };
}

function resourceOf(scope: string): string {
  const slash = scope.lastIndexOf("/");
  return slash > 0 ? scope.slice(0, slash) : scope;
}

/**
 * The delegated permissions the token will carry: every requested permission must be consented
 * in the tenant (Entra answers AADSTS65001 for an unconsented permission on a silent request; it
 * cannot prompt for consent on the token endpoint). `.default` or no Graph scope at all means
 * "everything consented", as Entra issues a Graph token for the static consent.
 */
export function grantedDelegatedScopes(requested: ParsedScopes, consented: readonly string[]): { ok: true; scp: string[] } | { ok: false; missing: string[] } {
  if (requested.graphDefault || requested.graph.length === 0) return { ok: true, scp: [...consented] };
  const have = new Map(consented.map((s) => [s.toLowerCase(), s]));
  const missing = requested.graph.filter((s) => !have.has(s.toLowerCase()));
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, scp: requested.graph.map((s) => have.get(s.toLowerCase()) ?? s) };
}

/** The `scope` field of a user-flow token response: permissions as requested, then the OIDC scopes. */
export function responseScope(requested: ParsedScopes, scp: readonly string[]): string {
  const graph = scp.map((s) => (requested.graphDefault ? `${GRAPH_AUDIENCE}/${s}` : (requested.spelling.get(s.toLowerCase()) ?? s)));
  const oidc = ["openid", "profile", "email"].filter((s) => requested.oidc.has(s));
  return [...graph, ...oidc].join(" ");
}
