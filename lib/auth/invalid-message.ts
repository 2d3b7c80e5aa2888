// The words a refused input is answered with (the action client, lib/auth/action-client.ts).
/**
 * What a form shows when its input is refused: the schemas' own messages (written for people), each
 * once, so "The request was not valid" never stands alone where the user could have been told what.
 */
export function invalidMessage(issues: readonly { message: string }[]): string {
  const said = [...new Set(issues.map((i) => i.message.trim()).filter(Boolean))];
  if (said.length === 0) return "The request was not valid.";
  const shown = said.slice(0, 3).map((m) => m.replace(/\.$/, ""));
  const more = said.length > 3 ? ` (and ${said.length - 3} more)` : "";
  return `The request was not valid: ${shown.join("; ")}${more}.`;
}
