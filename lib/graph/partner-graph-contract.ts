// Reads in the MSP's own (partner) tenant that the portal needs besides customer policies: the
// GDAP relationships that say which customers exist and what the MSP may do in each.
// Implemented in lib/graph against Microsoft Graph / the local cloud.

export interface GdapRelationship {
  id: string;
  displayName: string;
  customerTenantId: string;
  customerDisplayName: string;
  /** Graph's delegatedAdminRelationshipStatus: active, expiring, expired, terminated, approvalPending… */
  status: string;
  endDateTime: string | null;
  createdDateTime: string | null;
  /** When the customer approved it and access began (null while approvalPending). */
  activatedDateTime: string | null;
  /** ISO 8601 duration it renews by at its end (P180D), PT0S when it does not, null when Graph did not say. */
  autoExtendDuration: string | null;
  /** Directory-role template ids the relationship grants (accessDetails.unifiedRoles). */
  roleIds: string[];
}

export interface PartnerGraph {
  listGdapRelationships(): Promise<GdapRelationship[]>; // follows @odata.nextLink
  /** The partner tenant's own display name (Graph's organization), shown wherever the MSP is meant. */
  organizationName(): Promise<string | null>;
}
