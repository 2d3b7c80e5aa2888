// What a sign-in yields or why it failed; shared by the flow (oidc.ts) and the admission rules.
export type SignInProblem = "not-configured" | "expired" | "state" | "entra" | "wrong-tenant" | "invalid-token" | "no-role" | "disabled";

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
}
