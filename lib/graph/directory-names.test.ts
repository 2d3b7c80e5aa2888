import { describe, expect, it } from "vitest";
import { emptyReferences } from "../ca";
import { GET_BY_IDS_LIMIT, NAME_PATHS, readNames, type NameReader } from "./directory-names";
import { GraphFailure } from "./tenant-graph-contract";

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

/** A reader over a tiny directory that records every request it is asked to send. */
function reader(options: { refuse?: string } = {}): NameReader & { sent: string[] } {
  const sent: string[] = [];
  const refuse = (path: string) => {
    if (options.refuse && path.startsWith(options.refuse)) throw new GraphFailure("missing-role", "Graph refused (403).", { status: 403 });
  };
  return {
    sent,
    async post(path, body) {
      sent.push(`POST ${path}`);
      refuse(path);
      const ids = (body as { ids: string[] }).ids;
      return { value: ids.filter((i) => !i.endsWith("9")).map((i) => ({ "@odata.type": "#microsoft.graph.user", id: i, displayName: `User ${i.slice(-4)}` })) };
    },
    async get(path) {
      sent.push(`GET ${path}`);
      refuse(path);
      if (path.includes("dead")) throw new GraphFailure("not-found", "Not found.", { status: 404 });
      if (path.startsWith("/servicePrincipals")) return { displayName: "Expense Portal" };
      return { displayName: "Northwind IT Partners", tenantId: "x" };
    },
    async list(path) {
      sent.push(`GET ${path}`);
      refuse(path);
      if (path === NAME_PATHS.namedLocations) {
        return { pages: 2, items: [{ id: "loc", displayName: "Head office", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] }] };
      }
      if (path === NAME_PATHS.roleDefinitions) return { pages: 1, items: [{ id: "r-custom", templateId: "r-custom", displayName: "Service desk" }] };
      return { pages: 1, items: [{ id: "c1", displayName: "Sensitive data" }] };
    },
  };
}

describe("readNames", () => {
  it("asks only for the kinds the policies name, getByIds in batches of Graph's limit, and counts every request", async () => {
    const refs = emptyReferences();
    refs.directoryObject = Array.from({ length: GET_BY_IDS_LIMIT + 1 }, (_, i) => id(i));
    refs.namedLocation = ["loc", "gone"];
    refs.application = ["app", "dead"];
    const r = reader();
    const result = await readNames(r, refs);
    expect(r.sent.filter((s) => s.startsWith("POST /directoryObjects/getByIds"))).toHaveLength(2);
    expect(r.sent.some((s) => s.includes("roleDefinitions") || s.includes("agreements"))).toBe(false);
    // 2 getByIds + 2 pages of named locations + 2 apps
    expect(result.requests).toBe(6);
    expect(result.caRequests).toBe(2);
    const byId = new Map(result.names.map((n) => [n.id, n]));
    expect(byId.get(id(1))).toMatchObject({ status: "found", displayName: "User 0001" });
    expect(byId.get(id(9))).toMatchObject({ status: "missing", displayName: null });
    expect(byId.get("loc")).toMatchObject({ displayName: "Head office", detail: "trusted IP ranges 203.0.113.0/24" });
    expect(byId.get("gone")?.status).toBe("missing");
    expect(byId.get("app")).toMatchObject({ status: "found", displayName: "Expense Portal" });
    expect(byId.get("dead")?.status).toBe("missing");
    expect(result.unreadable).toEqual([]);
  });

  it("a kind Graph refuses leaves its ids unreadable, with the reason, and the other kinds named", async () => {
    const refs = emptyReferences();
    refs.directoryObject = [id(1)];
    refs.tenant = ["other"];
    const result = await readNames(reader({ refuse: "/directoryObjects" }), refs);
    expect(result.unreadable).toEqual([{ kind: "directoryObject", message: "Graph refused (403)." }]);
    expect(result.names).toEqual([
      { kind: "directoryObject", id: id(1), displayName: null, status: "unreadable" },
      { kind: "tenant", id: "other", displayName: "Northwind IT Partners", detail: null, status: "found" },
    ]);
  });
});
