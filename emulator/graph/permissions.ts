// Permission requirements of the Graph routes (Microsoft's permission tables, least privilege
// first; docs/graph-contract.md §5, §6). Delegated CA calls also need a directory role in the tenant (wids).
import { CA_READ_ROLES, CA_WRITE_ROLES } from "../contract";
import type { Requirement } from "./types";

export const CA_READ: Requirement = {
  permissions: [["Policy.Read.All"], ["Policy.Read.ConditionalAccess"], ["Policy.ReadWrite.ConditionalAccess"]],
  delegatedRoles: CA_READ_ROLES,
};

/** Create/update/delete: Policy.Read.All and Policy.ReadWrite.ConditionalAccess together (docs/graph-contract.md §5). */
export const CA_WRITE: Requirement = {
  permissions: [["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"]],
  delegatedRoles: CA_WRITE_ROLES,
};

export const USERS_READ: Requirement = {
  permissions: [["User.Read.All"], ["User.ReadBasic.All"], ["User.ReadWrite.All"], ["Directory.Read.All"], ["Directory.ReadWrite.All"]],
  guestRoles: CA_READ_ROLES,
};

export const ME_READ: Requirement = { permissions: [["User.Read"], ["User.Read.All"], ["Directory.Read.All"]], appOnly: false };

export const ORGANIZATION_READ: Requirement = {
  permissions: [["User.Read"], ["Organization.Read.All"], ["Directory.Read.All"], ["Organization.ReadWrite.All"], ["Directory.ReadWrite.All"]],
  guestRoles: CA_READ_ROLES,
};

export const GDAP_READ: Requirement = {
  permissions: [["DelegatedAdminRelationship.Read.All"], ["DelegatedAdminRelationship.ReadWrite.All"]],
};

/** delegatedAdminCustomers: the docs list application permissions as not supported. */
export const GDAP_CUSTOMERS_READ: Requirement = { ...GDAP_READ, appOnly: false };

export const CONTRACTS_READ: Requirement = { permissions: [["Directory.Read.All"], ["Directory.ReadWrite.All"]] };

export const SECURITY_DEFAULTS_READ: Requirement = { permissions: [["Policy.Read.All"]], delegatedRoles: CA_READ_ROLES };
export const SECURITY_DEFAULTS_WRITE: Requirement = { permissions: [["Policy.ReadWrite.SecurityDefaults"]], delegatedRoles: CA_WRITE_ROLES };
