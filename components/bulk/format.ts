// Times on the progress page, in words a person reads at a glance.

/** 0 s, 45 s, 3 min 05 s, 2 h 07 min: seconds stop mattering once a run takes hours. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The time-left line: nothing once ended, "estimating" until the server can tell. */
export function formatTimeLeft(estimatedSecondsLeft: number | null, ended: boolean): string | null {
  if (ended) return null;
  if (estimatedSecondsLeft === null) return "estimating…";
  // "about 0 s" reads as a bug while the last tenants finish.
  if (estimatedSecondsLeft < 5) return "a few seconds";
  return `about ${formatDuration(estimatedSecondsLeft)}`;
}

/** Whole percent for a progress bar; an empty job is not "0 % done" forever. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
