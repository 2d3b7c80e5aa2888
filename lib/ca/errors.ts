/**
 * The input is not a Conditional Access policy we can work with (not an object, or a property of
 * the wrong JSON type). `path` points at the offending property, e.g. `conditions.users.includeUsers`
 * or `conditions.users.includeUsers[2]`; it is empty for the document itself.
 */
export class PolicyReadError extends Error {
  override readonly name = "PolicyReadError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path === "" ? problem : `${path}: ${problem}`);
  }
}

/** An argument other than the policy is unusable, e.g. a tenant id that is not a GUID. */
export class InvalidArgumentError extends Error {
  override readonly name = "InvalidArgumentError";
  constructor(
    readonly argument: string,
    readonly problem: string,
  ) {
    super(`${argument}: ${problem}`);
  }
}
