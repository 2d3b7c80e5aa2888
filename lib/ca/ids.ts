import { InvalidArgumentError } from "./errors";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Lower-cases a GUID (Graph emits lower case) or throws InvalidArgumentError naming `argument`. */
export function requireGuid(value: unknown, argument: string): string {
  if (typeof value !== "string" || !isGuid(value.trim())) {
    throw new InvalidArgumentError(argument, `expected a GUID like 00000000-0000-0000-0000-000000000000, got ${JSON.stringify(value)}`);
  }
  return value.trim().toLowerCase();
}

/** Graph ids compare case-insensitively; exports from other tools sometimes upper-case them. */
export function sameId(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function containsId(list: readonly string[], id: string): boolean {
  return list.some((entry) => sameId(entry, id));
}

/** Keywords Graph accepts in place of ids. Matching is case-insensitive because real exports vary. */
export const USER_KEYWORD = { all: "All", none: "None", legacyGuests: "GuestsOrExternalUsers" } as const;
export const APP_KEYWORD = { all: "All", none: "None", office365: "Office365", adminPortals: "MicrosoftAdminPortals" } as const;
export const LOCATION_KEYWORD = { all: "All", allTrusted: "AllTrusted" } as const;

export function isKeyword(value: string, keyword: string): boolean {
  return value.trim().toLowerCase() === keyword.toLowerCase();
}

export function hasKeyword(list: readonly string[], keyword: string): boolean {
  return list.some((entry) => isKeyword(entry, keyword));
}
