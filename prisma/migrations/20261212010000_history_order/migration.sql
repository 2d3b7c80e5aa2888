-- History a page at a time (issue 19): every page and the CSV's batches are ordered by time, then the id
-- (a total order). This index is that order, so the newest page of a fleet's history is read from the
-- index's end (either way: Postgres walks a b-tree backwards) instead of sorting every change each time.
CREATE INDEX "RemediationChange_createdAt_id_idx" ON "RemediationChange"("createdAt", "id");
