// The contract between the local cloud's two faces. The login face (emulator/login/) issues tokens
// and reads the directory only through `LoginDirectory`; the Graph face (emulator/graph/) trusts
// only what `GraphAccessClaims` carries. The fleet (emulator/fleet/) implements `LoginDirectory`.

/** Directory-role template ids (Graph docs, "Microsoft Entra built-in roles"). */
export const ROLE = {
  conditionalAccessAdministrator: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  securityReader: "5d6b6bb7-de71-4623-b4af-96380a352509",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
} as const;

/** Roles that let a delegated caller read / write Conditional Access (GDAP least privilege). */
export const CA_READ_ROLES: readonly string[] = [
  ROLE.securityReader,
  ROLE.globalReader,
  ROLE.securityAdministrator,
  ROLE.conditionalAccessAdministrator,
  ROLE.globalAdministrator,
];
export const CA_WRITE_ROLES: readonly string[] = [ROLE.conditionalAccessAdministrator, ROLE.securityAdministrator, ROLE.globalAdministrator];

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";

/**
 * Claims of a Graph access token (v1 format, as Entra issues for Graph). The Graph face verifies
 * the signature (emulator/tokens.ts), `aud`, `exp`, then authorizes from these claims alone.
 */
export interface GraphAccessClaims {
  aud: typeof GRAPH_AUDIENCE;
  iss: string; // https://sts.windows.net/<tid>/
  iat: number;
  nbf: number;
  exp: number;
  tid: string; // the tenant the token is for (a customer tenant for GDAP tokens)
  appid: string; // client id of the calling app
  app_displayname?: string;
  idtyp: "user" | "app";
  ver: "1.0";
  oid: string; // user object id (delegated) or service principal id (app-only)
  sub: string;
  // delegated only
  scp?: string; // space separated, e.g. "Policy.Read.All Policy.ReadWrite.ConditionalAccess"
  upn?: string;
  name?: string;
  wids?: string[]; // directory-role template ids effective in `tid` (home roles, or GDAP-granted roles)
  idp?: string; // https://sts.windows.net/<home tid>/ when the user is not from `tid` (GDAP)
  home_tid?: string; // the user's home tenant (emulator convenience, equals tid for members)
  amr?: string[]; // e.g. ["pwd","mfa"]
  // app-only only
  roles?: string[]; // application permissions granted in `tid`
}

export interface DirectoryTenant {
  id: string;
  displayName: string;
  defaultDomain: string; // e.g. contoso.onmicrosoft.com
  kind: "partner" | "customer";
}

export interface DirectoryUser {
  id: string; // object id
  tenantId: string; // home tenant
  userPrincipalName: string;
  displayName: string;
  password: string; // shown on the demo sign-in page; this is a local emulator
  roleTemplateIds: string[]; // directory roles held in the home tenant
  groupIds: string[]; // security groups in the home tenant (GDAP access assignments point at these)
  mfaRegistered: boolean; // a sign-in by this user can satisfy MFA
  accountEnabled: boolean;
  note?: string; // what the sign-in page says about this user (e.g. "portal admin")
  /**
   * A B2B guest: the tenant that really authenticates this user (their home). The object lives in
   * `tenantId` (the inviting tenant), so tokens there carry `tid` = the inviting tenant but `idp` =
   * the home tenant's issuer and, with the `acct` optional claim, `acct: 1` (token-claims.ts).
   */
  guestOf?: string;
}

export interface DirectoryApp {
  clientId: string;
  displayName: string;
  homeTenantId: string;
  secrets: string[];
  redirectUris: string[];
}

/** What the app is allowed in a tenant where it has a service principal (consent). */
export interface AppConsent {
  delegatedScopes: string[]; // e.g. ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "User.Read"]
  appRoles: string[]; // application permissions for client credentials
}

export type GdapAccess =
  | { kind: "none" } // no relationship at all with that customer
  | { kind: "inactive"; status: string } // e.g. expired, terminated, approvalPending
  | { kind: "no-assignment" } // active, but none of the user's groups has an access assignment
  | { kind: "active"; roleTemplateIds: string[]; relationshipId: string };

/** Everything the login face needs from the fleet; it never reads fleet internals. */
export interface LoginDirectory extends AppRoleDirectory {
  tenant(idOrDomain: string): DirectoryTenant | undefined;
  app(clientId: string): DirectoryApp | undefined;
  consent(tenantId: string, clientId: string): AppConsent | undefined;
  /** Users who can sign in at this tenant's authority (its own members), for the sign-in page. */
  users(tenantId: string): DirectoryUser[];
  user(userId: string): DirectoryUser | undefined;
  /** GDAP standing of a partner user in a customer tenant. */
  gdap(partnerTenantId: string, userId: string, customerTenantId: string): GdapAccess;
  /**
   * The tenant's Conditional Access policies as Graph JSON (the login face filters by state): the
   * stored objects themselves, to read, never to change (every sign-in and What If reads them all).
   */
  policies(tenantId: string): readonly unknown[];
  /** Named locations as Graph JSON, for evaluating location conditions: the stored objects, to read. */
  namedLocations(tenantId: string): readonly unknown[];
}

/** App roles assigned to a user for an app (Entra puts them in the id_token `roles` claim). */
export interface AppRoleDirectory {
  appRoles(clientId: string, userId: string): string[];
}
