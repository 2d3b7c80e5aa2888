// Rows written a chunk at a time, one chunk after the other. Two reasons, both met at 10,000 tenants:
// a statement for every row of a fleet is built whole in the process's heap, and Prisma splits a
// createMany above Postgres's 32,767 bind parameters into several statements that it sends at once,
// which inside a transaction (one connection) pg 8 answers with a DeprecationWarning ("Calling
// client.query() when the client is already executing a query") and pg 9 will refuse.

/** Rows per statement: well under Postgres's bind-parameter limit for the widest rows written this way. */
export const INSERT_CHUNK = 500;

/** Calls `write` with consecutive slices of `rows`, awaiting each before the next. */
export async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>, size = INSERT_CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
