// GDAP relationships the partner holds with its customers (docs/graph-contract.md §6.5): status, duration,
// activation and end dates (some ending within 30 days), and access assignments that map the
// partner's security groups to directory roles in the customer tenant.
import { ROLE } from "../contract";
import { DAY_MS, graphTimestamp, type GdapRelationship, type Group, type Tenant } from "./model";
import type { Prng } from "./prng";
import type { ScenarioTag } from "./scenarios";

export interface GdapGroups {
  caAdmins: Group;
  securityReaders: Group;
}

export function buildRelationship(prng: Prng, tenant: Tenant, scenario: ScenarioTag, groups: GdapGroups, now: number, expiringSoon: boolean): GdapRelationship {
  const durationDays = 730;
  let status = "active";
  let activated = now - prng.int(30, 600) * DAY_MS;
  let end = activated + durationDays * DAY_MS;
  let lastModified = activated;
  if (scenario === "gdap-expired") {
    status = "expired";
    activated = now - (durationDays + prng.int(10, 120)) * DAY_MS;
    end = activated + durationDays * DAY_MS;
    lastModified = end;
  } else if (scenario === "gdap-terminated") {
    status = "terminated";
    activated = now - prng.int(100, 500) * DAY_MS;
    end = now - prng.int(1, 20) * DAY_MS;
    lastModified = end;
  } else if (expiringSoon) {
    end = now + prng.int(1, 29) * DAY_MS + prng.int(0, 23) * 3_600_000;
    activated = end - durationDays * DAY_MS;
    lastModified = activated;
  }
  const created = activated - prng.int(1, 5) * DAY_MS;
  const assignments =
    scenario === "gdap-read-only"
      ? [{ group: groups.securityReaders, roles: [ROLE.securityReader] }]
      : [
          { group: groups.caAdmins, roles: [ROLE.conditionalAccessAdministrator] },
          { group: groups.securityReaders, roles: [ROLE.securityReader, ROLE.globalReader] },
        ];
  return {
    id: `${prng.uuid()}-${tenant.id}`,
    displayName: `${tenant.displayName.slice(0, 30)} - CA management`,
    customerTenantId: tenant.id,
    customerDisplayName: tenant.displayName,
    status,
    duration: `P${durationDays}D`,
    autoExtendDuration: prng.chance(0.5) ? "P180D" : "PT0S",
    createdDateTime: graphTimestamp(created),
    lastModifiedDateTime: graphTimestamp(lastModified),
    activatedDateTime: graphTimestamp(activated),
    endDateTime: graphTimestamp(end),
    accessAssignments: assignments.map((a) => ({
      id: prng.uuid(),
      groupId: a.group.id,
      roleTemplateIds: a.roles,
      status: "active",
      createdDateTime: graphTimestamp(activated),
      lastModifiedDateTime: graphTimestamp(activated),
    })),
  };
}

/** Roles of a relationship: the union of its active assignments' roles. */
export function relationshipRoles(r: GdapRelationship): string[] {
  return [...new Set(r.accessAssignments.filter((a) => a.status === "active").flatMap((a) => a.roleTemplateIds))];
}
