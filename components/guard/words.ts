// Words the guard's views share.
import type { SeenBy } from "@/lib/guard/event-types";

export const SEEN_BY: Record<SeenBy, string> = {
  sync: "seen by a sync",
  sweep: "seen by the scheduled sweep",
  run: "written by the portal",
};

export function when(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";
}
