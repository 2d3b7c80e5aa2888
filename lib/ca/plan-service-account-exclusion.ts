import { containsId, hasKeyword, requireGuid, sameId, USER_KEYWORD } from "./ids";
import type { ExclusionPlan } from "./plan-result";
import { toPolicy } from "./read-policy";

/**
 * Plans excluding the MSP's service account (by object id) from a policy in the MSP's own tenant:
 * the whole excludeUsers array plus the account, nothing else. The account's own dedicated policy
 * (includeUsers exactly the account) is left alone.
 */
export function planServiceAccountExclusion(policyInput: unknown, accountObjectId: string): ExclusionPlan {
  const policy = toPolicy(policyInput);
  const account = requireGuid(accountObjectId, "accountObjectId");
  const users = policy.conditions.users;
  const who = `the service account ${account}`;
  if (users === null) {
    return notApplicable(`The policy has no users condition, so it never applies to ${who}.`);
  }
  if (containsId(users.excludeUsers, account)) {
    return { outcome: "already-excluded", body: null, warnings: [], reason: `${who} is already in excludeUsers.` };
  }
  const onlyUser = users.includeUsers.length === 1 ? users.includeUsers[0] : undefined;
  if (onlyUser !== undefined && sameId(onlyUser, account)) {
    return notApplicable(`This is the service account's dedicated policy (includeUsers is exactly ${who}); it must keep applying.`);
  }

  const body = { conditions: { users: { excludeUsers: [...users.excludeUsers, account] } } };
  if (containsId(users.includeUsers, account)) {
    return {
      outcome: "needs-review",
      body,
      warnings: [`The policy lists ${who} by name in includeUsers, next to other users; someone included it on purpose.`],
      reason: `The policy explicitly includes ${who}. Excluding it would undo that; a person should confirm.`,
    };
  }
  const grounds: string[] = [];
  if (hasKeyword(users.includeUsers, USER_KEYWORD.all)) grounds.push("it includes all users");
  if (users.includeGroups.length > 0) grounds.push(`it includes ${users.includeGroups.length} group(s) the account may belong to`);
  if (users.includeRoles.length > 0) grounds.push(`it includes ${users.includeRoles.length} directory role(s) the account may hold`);
  if (grounds.length === 0) {
    return notApplicable(
      `The policy cannot apply to ${who}: it includes neither all users, nor the account, nor any group or directory role (only ${describeOtherTargets(users.includeUsers, users.includeGuestsOrExternalUsers !== null)}).`,
    );
  }
  return {
    outcome: "patch",
    body,
    warnings: [],
    reason: `The policy may apply to ${who}: ${grounds.join("; ")}. The request adds the account to excludeUsers and keeps every existing entry.`,
  };
}

function notApplicable(reason: string): ExclusionPlan {
  return { outcome: "not-applicable", body: null, warnings: [], reason };
}

function describeOtherTargets(includeUsers: readonly string[], hasGuests: boolean): string {
  const parts: string[] = [];
  if (hasKeyword(includeUsers, USER_KEYWORD.none)) parts.push("no users");
  const others = includeUsers.filter((user) => !hasKeyword([user], USER_KEYWORD.none) && !hasKeyword([user], USER_KEYWORD.legacyGuests));
  if (others.length > 0) parts.push(`${others.length} other specific user(s)`);
  if (hasGuests || hasKeyword(includeUsers, USER_KEYWORD.legacyGuests)) parts.push("guest or external users");
  return parts.length > 0 ? parts.join(", ") : "no one";
}
