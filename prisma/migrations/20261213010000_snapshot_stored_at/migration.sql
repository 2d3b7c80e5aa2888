-- A snapshot is rewritten only when its content changed (lib/snapshots/store.ts): the guard reads every
-- tenant every few minutes and most policies never change, so each read rewrote every policy's row
-- (a new row version, its WAL, a dead row to vacuum) to store the same content. The column says when
-- the stored content was read, which is when it was last written, not when the tenant was last read.
ALTER TABLE "PolicySnapshot" RENAME COLUMN "syncedAt" TO "storedAt";
