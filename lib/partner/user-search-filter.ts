// The OData filter for finding partner users by the start of their name or UPN (pure).
import { z } from "zod";

/** What a person may type: trimmed, 1 to 100 characters. */
export const userQuery = z.string().trim().min(1, "Type the start of a name or UPN.").max(100);

/**
 * startswith on displayName or userPrincipalName: the two properties Graph filters on users without
 * advanced queries (no ConsistencyLevel header needed). A quote inside a string literal is doubled,
 * OData's escape, so the text cannot end the literal and add clauses of its own.
 */
export function userSearchFilter(query: string): string {
  const literal = `'${userQuery.parse(query).replaceAll("'", "''")}'`;
  return `startswith(displayName,${literal}) or startswith(userPrincipalName,${literal})`;
}
