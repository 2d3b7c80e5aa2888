// GDAP relationships the partner holds with its customers (docs/graph-contract.md §6.5): status, duration,
// activation and end dates (some ending within 30 days), and access assignments that map the
// partner's security groups to directory roles in the customer tenant. A customer can hold several
// (learn.microsoft.com/graph/api/resources/delegatedadminrelationship; statuses from
// delegatedAdminRelationshipStatus): the one in use, and for some drawn customers an earlier one that
// expired and a newer request still approvalPending (no access assignments until the customer approves).
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
    // "expiring" is a documented status; when Graph switches to it is not (unverified: within 30 days here).
    // It still gives access, like active.
    status = "expiring";
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

/** Whether a relationship gives its access assignments' roles (delegatedAdminRelationshipStatus: active, expiring). */
export function givesAccess(r: GdapRelationship): boolean {
  return r.status === "active" || r.status === "expiring";
}

/**
 * Earlier and pending relationships of a drawn customer (never one of the first 16, whose scenarios the demo and
 * the tests name): sometimes the one it replaced (expired when the current one began), sometimes a request the
 * customer has not approved yet (approvalPending: not activated, no end, no access assignments).
 */
export function buildOtherRelationships(prng: Prng, tenant: Tenant, current: GdapRelationship, groups: GdapGroups, now: number): GdapRelationship[] {
  if (tenant.index < 16) return [];
  const out: GdapRelationship[] = [];
  const base = (suffix: string, status: string) => ({
    id: `${prng.uuid()}-${tenant.id}`,
    displayName: `${tenant.displayName.slice(0, 30)} - ${suffix}`,
    customerTenantId: tenant.id,
    customerDisplayName: tenant.displayName,
    status,
  });
  if (prng.chance(0.35) && current.activatedDateTime) {
    const end = Date.parse(current.activatedDateTime) - prng.int(0, 3) * DAY_MS;
    const activated = end - 730 * DAY_MS;
    out.push({
      ...base("CA management (previous)", "expired"),
      duration: "P730D",
      autoExtendDuration: "PT0S",
      createdDateTime: graphTimestamp(activated - prng.int(1, 5) * DAY_MS),
      lastModifiedDateTime: graphTimestamp(end),
      activatedDateTime: graphTimestamp(activated),
      endDateTime: graphTimestamp(end),
      accessAssignments: [
        {
          id: prng.uuid(),
          groupId: groups.caAdmins.id,
          roleTemplateIds: [ROLE.conditionalAccessAdministrator],
          status: "active",
          createdDateTime: graphTimestamp(activated),
          lastModifiedDateTime: graphTimestamp(activated),
        },
      ],
    });
  }
  if (prng.chance(0.2)) {
    const created = now - prng.int(1, 20) * DAY_MS;
    out.push({
      ...base("Security review (requested)", "approvalPending"),
      duration: "P180D",
      autoExtendDuration: "PT0S",
      createdDateTime: graphTimestamp(created),
      lastModifiedDateTime: graphTimestamp(created + prng.int(0, 23) * 3_600_000),
      activatedDateTime: null,
      endDateTime: null,
      accessAssignments: [],
    });
  }
  return out;
}
