// A query's rows in its order, a batch at a time, for the CSV downloads of every match (issue 19).
import "server-only";

/** How many rows a CSV download reads at a time. */
export const CSV_BATCH = 500;

/** What one batch asks of Prisma's findMany: how many, and after which row. */
export type BatchArgs = { take: number } | { take: number; cursor: { id: string }; skip: 1 };

/**
 * Calls `read` for `batch` rows at a time until a batch comes back short. Each batch continues after
 * the last row of the one before (Prisma's cursor: that row's values of the order, so the order must
 * end with the id), not at an offset: a row added while the download runs pushes no row onto a second
 * line. The cursor's row must still exist (tenants are never deleted; history is append-only). The
 * next batch is read only when the one before has been taken (a generator runs when pulled).
 */
export async function* cursorBatches<T extends { id: string }>(read: (args: BatchArgs) => Promise<T[]>, batch: number): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const rows: T[] = await read(after ? { take: batch, cursor: { id: after }, skip: 1 } : { take: batch });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}
