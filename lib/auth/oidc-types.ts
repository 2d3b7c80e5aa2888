// What a sign-in yields or why it failed; shared by the flow (oidc.ts) and the admission rules.
export type SignInProblem =
  "not-configured" | "expired" | "state" | "entra" | "wrong-tenant" | "invalid-token" | "guest" | "not-fresh" | "no-role" | "disabled";

export class SignInError extends Error {
  constructor(
    readonly problem: SignInProblem,
    message: string,
  ) {
    super(message);
    this.name = "SignInError";
  }
}

export interface StaffIdentity {
  tenantId: string;
  objectId: string;
  upn: string;
  displayName: string;
  appRoles: string[];
  /** When the person last really authenticated at Entra (the id token's `auth_time`), or null when the token did not say. */
  authTime: Date | null;
}
