// Jobs that read a whole tenant at once (sync, bulk preview) hold all its policies and their plans in
// memory for the second or two the read takes; a fix job holds little while it waits on its
// tenant's pacer for most of its life. So reads run fewer at a time than fixes: a thousand tenants
// are still read in well under a minute, and the worker's memory stays flat.
export const MAX_READ_CONCURRENCY = 50;

export function readConcurrency(workerConcurrency: number): number {
  return Math.max(1, Math.min(workerConcurrency, MAX_READ_CONCURRENCY));
}
