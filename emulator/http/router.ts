// A tiny path router (no framework): literal segments match case-insensitively, as Graph's do;
// `:name` segments capture one URL-decoded segment, and `fn(key=':name')` captures an OData function or
// key parameter (e.g. `servicePrincipals(appId='…')`). Routes are tried in the order they were added.

export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern).map((s) => (s.startsWith(":") ? s : s.toLowerCase())), handler });
    return this;
  }

  /** The matching route, "method-not-allowed" when only the path matches, or undefined. */
  match(method: string, path: string): RouteMatch<H> | "method-not-allowed" | undefined {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? "method-not-allowed" : undefined;
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const raw = parts[i] as string;
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    const call = /^([^(]+)\((\w+)=':(\w+)'\)$/.exec(p);
    if (call) {
      const [, fn, key, name] = call as unknown as [string, string, string, string];
      const m = new RegExp(`^${fn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\(${key}='([^']*)'\\)$`, "i").exec(value);
      if (!m) return undefined;
      params[name] = m[1] as string;
    } else if (p.startsWith(":")) params[p.slice(1)] = value;
    else if (p !== value.toLowerCase()) return undefined;
  }
  return params;
}
