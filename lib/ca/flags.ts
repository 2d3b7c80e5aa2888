// Graph flags enums (guestOrExternalUserTypes, insiderRiskLevels, transferMethods) are one
// comma-separated string. Real exports add spaces, repeat members, vary the case, or (rarely)
// send an array; all of those mean the same set.

/** Splits a flags value into distinct members, canonical casing for known members, order kept. */
export function parseFlags(value: string | readonly string[] | null | undefined, knownMembers: readonly string[] = []): string[] {
  if (value === null || value === undefined) return [];
  const parts = typeof value === "string" ? value.split(",") : value.flatMap((part) => part.split(","));
  const seen = new Set<string>();
  const members: string[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const canonical = canonicalMember(trimmed, knownMembers);
    const key = canonical.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    members.push(canonical);
  }
  return members;
}

/** Formats members the way Graph writes flags: comma-separated, no spaces. */
export function formatFlags(members: readonly string[]): string {
  return members.join(",");
}

export function canonicalMember(value: string, knownMembers: readonly string[]): string {
  const lower = value.trim().toLowerCase();
  return knownMembers.find((member) => member.toLowerCase() === lower) ?? value.trim();
}
