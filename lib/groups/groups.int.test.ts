// Tenant groups and scopes as an admin manages them, and what a scoped person then sees.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { ActionError } from "../auth/action-client";
import { loadScope } from "../auth/scope";
import { createSession } from "../auth/sessions";
import { dashboard } from "../db/queries/dashboard";
import { listTenants } from "../db/queries/tenants";
import { createGroup, deleteGroup, listGroups, listUserScopes, setUserScope, updateGroup } from "./groups";

const [CONTOSO, FABRIKAM, NEW] = [randomUUID(), randomUUID(), randomUUID()];

describe("tenant groups and scopes", () => {
  const t = useTestPrisma();
  const ids = { admin: "", tech: "" };

  beforeAll(async () => {
    await t.prisma.customerTenant.createMany({
      data: [
        { id: CONTOSO, displayName: "Contoso", accessHealth: "delegated", needsFixCount: 2 },
        { id: FABRIKAM, displayName: "Fabrikam", accessHealth: "blocked-by-ca" },
        { id: NEW, displayName: "New from a sync" },
      ],
    });
    for (const key of ["admin", "tech"] as const) {
      const u = await t.prisma.portalUser.create({
        data: { tenantId: randomUUID(), objectId: randomUUID(), upn: `${key}@msp.example`, displayName: key, role: key === "admin" ? "admin" : "operator" },
      });
      ids[key] = u.id;
    }
  });

  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ActionError);
    return (e as Error).message;
  };

  it("creates, renames, re-fills and deletes a group; names are unique; only known tenants go in", async () => {
    const west = await createGroup(t.prisma, { name: "West", tenantIds: [CONTOSO] }, "admin@msp.example");
    expect(await refusal(createGroup(t.prisma, { name: "West", tenantIds: [] }, "admin@msp.example"))).toBe(
      'A tenant group named "West" already exists; choose another name.',
    );
    expect(await refusal(createGroup(t.prisma, { name: "Ghosts", tenantIds: [randomUUID()] }, "admin@msp.example"))).toBe(
      "1 of the chosen tenants are not customer tenants the portal knows.",
    );
    expect(await updateGroup(t.prisma, { groupId: west, name: "West coast", tenantIds: [CONTOSO, FABRIKAM] })).toEqual({ added: 1, removed: 0 });
    expect(await updateGroup(t.prisma, { groupId: west, name: "West coast", tenantIds: [CONTOSO] })).toEqual({ added: 0, removed: 1 });
    expect((await listGroups(t.prisma)).map((g) => [g.name, g.tenantIds])).toEqual([["West coast", [CONTOSO]]]);
    const gone = await createGroup(t.prisma, { name: "Temporary", tenantIds: [FABRIKAM] }, "admin@msp.example");
    expect(await deleteGroup(t.prisma, gone)).toEqual({ name: "Temporary" });
    expect(await refusal(deleteGroup(t.prisma, gone))).toBe("No such tenant group.");
  });

  it("narrows a person to groups, ends their sessions, and they then see only those tenants and their counts", async () => {
    const [west] = await listGroups(t.prisma);
    await createSession(t.prisma, ids.tech, { idleMinutes: 60, absoluteMinutes: 600 });
    expect(await setUserScope(t.prisma, { userId: ids.tech, allTenants: false, groupIds: [west!.id] }, { userId: ids.admin })).toEqual({
      sessionsEnded: 1,
      upn: "tech@msp.example",
    });
    expect(await t.prisma.session.count({ where: { userId: ids.tech } })).toBe(0);
    const scope = await loadScope(t.prisma, ids.tech);
    expect(scope).toEqual({ all: false, tenantIds: new Set([CONTOSO]), groups: ["West coast"] });
    expect((await listTenants(t.prisma, scope)).map((r) => r.displayName)).toEqual(["Contoso"]);
    expect(await dashboard(t.prisma, scope)).toMatchObject({ tenants: 1, needingFixes: 1, blockedByCa: 0 });
    // The new tenant is in no group: only all-tenant people see it.
    expect((await listTenants(t.prisma, await loadScope(t.prisma, ids.admin))).map((r) => r.displayName)).toContain("New from a sync");
    expect((await listUserScopes(t.prisma)).find((u) => u.upn === "tech@msp.example")).toMatchObject({ allTenants: false, groupIds: [west!.id] });
  });

  it("does not let an admin change their own scope", async () => {
    expect(await refusal(setUserScope(t.prisma, { userId: ids.admin, allTenants: false, groupIds: [] }, { userId: ids.admin }))).toBe(
      "You cannot change your own tenant scope; ask another admin.",
    );
  });
});
