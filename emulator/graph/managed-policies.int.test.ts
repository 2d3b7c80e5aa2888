// Microsoft-managed policies through the real graph-client (emulator/README.md `managed-policy-*`):
// listed as Graph v1.0 lists them, and only state and excluded users, groups and roles change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "@/emulator/fleet/model";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, graphClient, startTestEmulator, refusal, tenantOfScenario } from "@/emulator/testing/clients";
import type { JsonObject } from "@/emulator/testing/clients";

const POLICIES = "/identity/conditionalAccess/policies";
const PARTNER_EXCLUSION = (partner: string) => ({
  guestOrExternalUserTypes: "serviceProvider",
  externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [partner] },
});

let em: RunningEmulator;
let tenant: Tenant;

beforeAll(async () => {
  em = await startTestEmulator();
  const found = tenantOfScenario(em, "disabled-and-report-only");
  tenant = found;
});
afterAll(async () => {
  await em.close();
});

async function managedPolicy() {
  const client = await graphClient(em, appToken(em, tenant.id, ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"]));
  const list = (await client.api(POLICIES).get()) as { value: JsonObject[] };
  const managed = list.value.find((p) => p.displayName === "Microsoft-managed: Block legacy authentication");
  if (!managed) throw new Error("no Microsoft-managed policy");
  return { client, managed };
}

describe("Microsoft-managed policies", () => {
  it("are listed with the Microsoft-managed name and a templateId, report-only, reaching all users", async () => {
    const { managed } = await managedPolicy();
    expect(managed.displayName).toBe("Microsoft-managed: Block legacy authentication");
    expect(managed.templateId).toMatch(/^[0-9a-f-]{36}$/);
    expect(managed.state).toBe("enabledForReportingButNotEnforced");
    expect((managed.conditions as { users: { includeUsers: string[] } }).users.includeUsers).toEqual(["All"]);
  });

  it("refuse the service-provider exclusion, a rename and a delete with a 400 that says why", async () => {
    const { client, managed } = await managedPolicy();
    const url = `${POLICIES}/${String(managed.id)}`;
    const guest = await refusal(client.api(url).patch({ conditions: { users: { excludeGuestsOrExternalUsers: PARTNER_EXCLUSION(em.fleet.partner.id) } } }));
    expect(guest.statusCode).toBe(400);
    expect(guest.code).toBe("BadRequest");
    expect(guest.message).toMatch(/Microsoft-managed.*conditions\.users\.excludeGuestsOrExternalUsers is not editable/);
    const rename = await refusal(client.api(url).patch({ displayName: "Block legacy authentication" }));
    expect(rename.message).toMatch(/displayName is not editable/);
    const del = await refusal(client.api(url).delete());
    expect(del.statusCode).toBe(400);
    expect(del.message).toMatch(/cannot be deleted/);
    const after = (await client.api(url).get()) as JsonObject;
    expect(after.displayName).toBe(managed.displayName);
    expect((after.conditions as { users: { excludeGuestsOrExternalUsers: unknown } }).users.excludeGuestsOrExternalUsers).toBeNull();
  });

  it("accept a change of state and of excluded users, groups and roles", async () => {
    const { client, managed } = await managedPolicy();
    const url = `${POLICIES}/${String(managed.id)}`;
    const users = (managed.conditions as { users: { excludeUsers: string[] } }).users;
    await client.api(url).patch({ state: "disabled", conditions: { users: { excludeUsers: users.excludeUsers, excludeGroups: [], excludeRoles: [] } } });
    const after = (await client.api(url).get()) as JsonObject;
    expect(after.state).toBe("disabled");
  });
});
