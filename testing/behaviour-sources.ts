// The convention for "every local-cloud behaviour the portal relies on has a source": one table in
// emulator/README.md ("## Behaviour the portal relies on", columns id | behaviour | source). A source is a
// Microsoft or other public page (a host with a path, e.g. learn.microsoft.com/graph/api/…), a public thread
// (owner/repo#123), or a section of docs/graph-contract.md marked [V] (verified) or [O] (observed); or the
// cell says "unverified, strict" (Microsoft's behaviour unknown, the local cloud refuses rather than allows).
// An emulator design choice ([E]) alone is not a source.

export interface BehaviourRow {
  id: string;
  behaviour: string;
  source: string;
}

const HEADING = "## Behaviour the portal relies on";

/** The rows of the behaviour table in a README's text (empty when the section or table is missing). */
export function behaviourRows(readme: string): BehaviourRow[] {
  const start = readme.indexOf(HEADING);
  if (start === -1) return [];
  const section = readme.slice(start + HEADING.length).split(/\n## /)[0]!;
  const rows: BehaviourRow[] = [];
  for (const line of section.split("\n")) {
    const cells = /^\|(.*)\|\s*$/.exec(line.trim())?.[1]?.split(" | ");
    if (!cells || cells.length < 3) continue;
    const id = /^\s*`([a-z0-9-]+)`\s*$/.exec(cells[0]!)?.[1];
    if (!id) continue; // the header and the separator
    rows.push({ id, behaviour: cells[1]!.trim(), source: cells.slice(2).join(" | ").trim() });
  }
  return rows;
}

const PAGE = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\/[^\s)]+/i; // host.tld/path
const THREAD = /\b[\w.-]+\/[\w.-]+#\d+\b/; // owner/repo#123
const CONTRACT_SECTION = /docs\/graph-contract\.md §[\d.]+(?: and §[\d.]+)? \[(?:V|O)\]/;
export const UNVERIFIED = "unverified, strict";

/** Whether a source cell cites something, or says plainly that the behaviour is unverified and strict. */
export function hasSource(source: string): boolean {
  return source.includes(UNVERIFIED) || PAGE.test(source) || THREAD.test(source) || CONTRACT_SECTION.test(source);
}

/** Rows without a source, as "id: behaviour" lines (what the check lists). */
export function rowsWithoutSource(rows: BehaviourRow[]): string[] {
  return rows.filter((r) => !hasSource(r.source)).map((r) => `${r.id}: ${r.behaviour}`);
}
