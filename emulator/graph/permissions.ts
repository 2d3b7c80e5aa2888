// Permission requirements of the Graph routes (Microsoft's permission tables, least privilege
// first; docs/graph-contract.md §5, §6). Delegated CA calls also need a directory role in the tenant (wids).
import { CA_READ_ROLES, CA_WRITE_ROLES } from "../contract";
import type { Requirement } from "./types";

/**
 * List/get of CA policies and named locations: Policy.Read.All only. The get page names no other permission
 * (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-get: "Policy.Read.All | Not available"), and a
 * token holding only the narrower CA scopes is observed to get 403 AccessDenied (GraphKit's
 * ConditionalAccessPolicy.List descriptor, powershellgallery.com/packages/GraphKit/0.2.2, "verified against a
 * live tenant"; Microsoft365DSC#4150; microsoft-graph-explorer-v4#2580). emulator/README.md, "Behaviour table".
 */
export const CA_READ: Requirement = {
  permissions: [["Policy.Read.All"]],
  delegatedRoles: CA_READ_ROLES,
  deniedCode: "AccessDenied",
};

/** Create/update/delete: Policy.Read.All and Policy.ReadWrite.ConditionalAccess together (docs/graph-contract.md §5). */
export const CA_WRITE: Requirement = {
  permissions: [["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"]],
  delegatedRoles: CA_WRITE_ROLES,
  deniedCode: "AccessDenied",
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

/**
 * What If (POST /identity/conditionalAccess/evaluate): least privilege Policy.Read.ConditionalAccess, higher
 * Policy.Read.All or Policy.ReadWrite.ConditionalAccess, delegated and application alike
 * (https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate, "Permissions"). Delegated callers need a
 * role that reads Conditional Access (unverified, strict: the page names none, so the CA read roles).
 */
export const CA_EVALUATE: Requirement = {
  permissions: [["Policy.Read.ConditionalAccess"], ["Policy.Read.All"], ["Policy.ReadWrite.ConditionalAccess"]],
  delegatedRoles: CA_READ_ROLES,
  deniedCode: "AccessDenied",
};
// Naming what policies point at (emulator/graph/directory-names.ts); each API's permissions table on
// learn.microsoft.com/graph/api: directoryobject-getbyids, rbacapplication-list-roledefinitions,
// serviceprincipal-get, termsofusecontainer-list-agreements, conditionalaccessroot-list-authenticationcontextclassreferences,
// tenantrelationship-findtenantinformationbytenantid. A GDAP (guest) caller also needs a directory role there.
export const DIRECTORY_READ: Requirement = { permissions: [["Directory.Read.All"], ["Directory.ReadWrite.All"]], guestRoles: CA_READ_ROLES };
export const ROLE_DEFINITIONS_READ: Requirement = {
  permissions: [["RoleManagement.Read.Directory"], ["RoleManagement.Read.All"], ["Directory.Read.All"], ["RoleManagement.ReadWrite.Directory"]],
  guestRoles: CA_READ_ROLES,
};
export const SERVICE_PRINCIPALS_READ: Requirement = {
  permissions: [["Application.Read.All"], ["Directory.Read.All"], ["Application.ReadWrite.All"], ["Directory.ReadWrite.All"]],
  guestRoles: CA_READ_ROLES,
};
export const AGREEMENTS_READ: Requirement = { permissions: [["Agreement.Read.All"], ["Agreement.ReadWrite.All"]], guestRoles: CA_READ_ROLES };
export const AUTHENTICATION_CONTEXTS_READ: Requirement = {
  permissions: [["Policy.Read.ConditionalAccess"], ["Policy.Read.All"], ["Policy.ReadWrite.ConditionalAccess"]],
  delegatedRoles: CA_READ_ROLES,
};
export const TENANT_INFORMATION_READ: Requirement = { permissions: [["CrossTenantInformation.ReadBasic.All"]] };
