// Names for Prisma's statements, so node-postgres prepares each SQL text once per connection and
// Postgres parses and plans it once, instead of at every execution (unnamed statements). A bulk run
// sends about 30 statements per tenant; Postgres was more than a quarter of the machine's CPU during
// `npm run bench:bulk -- --tenants 10000`, with the workers waiting on it.
//
// Only texts with few parameters are named: a list of values (`in ($1, …, $n)`) gives one text per
// length, and every named text stays prepared in each connection of the pool (memory in Postgres), so
// long lists are left unnamed. Like the session advisory locks the portal already holds (tenant locks,
// the shared pace), prepared statements need a direct connection or a pooler in session mode.
import { createHash } from "node:crypto";

/** More parameters than this: the statement goes unnamed (parsed at each execution, as before). */
export const MOST_NAMED_PARAMETERS = 32;

/** Names already computed, by text (a process has a few hundred texts; the cap only guards against surprises). */
const names = new Map<string, string>();
const MOST_REMEMBERED = 5_000;

/** The prepared statement's name for this text, or "" to leave it unnamed (node-postgres treats an empty name as none). */
export function statementName(query: { sql: string; args: readonly unknown[] }): string {
  if (query.args.length > MOST_NAMED_PARAMETERS) return "";
  let name = names.get(query.sql);
  if (name === undefined) {
    name = `portal_${createHash("sha1").update(query.sql).digest("hex").slice(0, 24)}`;
    if (names.size >= MOST_REMEMBERED) names.clear();
    names.set(query.sql, name);
  }
  return name;
}
