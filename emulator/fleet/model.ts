// The fleet's state model: tenants (the partner and its customers), their directory, licences,
// Conditional Access content, and the partner's GDAP relationships. Plain data; the Graph face
// reads and writes it, the login face reads it through LoginDirectory.
import type { AppConsent, DirectoryApp, DirectoryUser } from "../contract";

export type Json = Record<string, unknown>;

export interface Licences {
  entraP1: boolean;
  entraP2: boolean;
  workloadIdentities: boolean;
}

export interface Group {
  id: string;
  displayName: string;
  role?: string; // what the seed uses it for, e.g. "emergency-access"
}

/** Everything a tenant holds that is expensive to build: made on first use (lazily). */
export interface TenantContent {
  users: DirectoryUser[];
  usersById: Map<string, DirectoryUser>;
  groups: Group[];
  policies: Map<string, Json>; // canonical Graph JSON, insertion order = creation order
  namedLocations: Map<string, Json>;
}

export interface Tenant {
  index: number; // -1 for the partner
  id: string;
  displayName: string;
  defaultDomain: string;
  kind: "partner" | "customer";
  createdDateTime: string;
  countryLetterCode: string;
  tags: string[];
  licences: Licences;
  securityDefaults: boolean;
  consents: Map<string, AppConsent>; // client id -> what the app is allowed here
  policyCap: number;
  content?: TenantContent;
}

export interface AccessAssignment {
  id: string;
  groupId: string;
  roleTemplateIds: string[];
  status: "pending" | "active" | "deleting" | "deleted" | "error";
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface GdapRelationship {
  id: string;
  displayName: string;
  customerTenantId: string;
  customerDisplayName: string;
  status: string;
  duration: string; // ISO-8601, e.g. P730D
  autoExtendDuration: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  activatedDateTime: string | null;
  endDateTime: string | null;
  accessAssignments: AccessAssignment[];
}

export interface StaffUser extends DirectoryUser {
  portalRole?: "Portal.Admin" | "Portal.Operator" | "Portal.Reader";
}

export interface PartnerExtras {
  app: DirectoryApp;
  staff: StaffUser[];
  serviceAccount: StaffUser;
  gdapGroups: { caAdmins: Group; securityReaders: Group };
  relationships: GdapRelationship[];
}

/** Graph writes timestamps with 7 fractional digits. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

export const DAY_MS = 24 * 60 * 60 * 1000;
