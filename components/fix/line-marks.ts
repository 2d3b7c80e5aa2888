// How one line of the users condition, in words, differs from the other side of the diff. A line
// names one kind of entry ("Excludes users: …", "Excludes guest or external users: …"): a line found
// unchanged on both sides is kept and stays plain (a break-glass exclusion the fix keeps must not
// look removed); the same kind with other content is an entry that changes; anything else is only
// on its own side.

export type LineMark = "kept" | "changed" | "removed" | "added";

/** What a line's first words name, up to its colon; a line without one is its own kind. */
const kindOf = (line: string) => (line.includes(":") ? line.slice(0, line.indexOf(":")) : null);

export function lineMark(line: string, other: readonly string[], side: "removed" | "added"): LineMark {
  if (other.includes(line)) return "kept";
  const kind = kindOf(line);
  if (kind !== null && other.some((o) => kindOf(o) === kind)) return "changed";
  return side;
}
