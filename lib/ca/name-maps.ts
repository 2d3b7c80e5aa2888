// Names Graph gave for a tenant's ids (the sync stores them), turned into describePolicy's options,
// and the same names put next to bare ids in any other sentence (plan reasons, warnings, diffs).
import type { DescribeOptions } from "./describe-policy";
import type { NameKind } from "./references";
import { lookup } from "./well-known-names";

/** One resolved id. `missing`: Graph answered and no longer knows it; `unreadable`: Graph could not be asked. */
export interface ResolvedName {
  kind: NameKind;
  id: string;
  displayName: string | null;
  /** What makes it recognisable beyond its name (a named location's IP ranges or countries, a user's UPN). */
  detail?: string | null;
  status: "found" | "missing" | "unreadable";
}

/** How an id Graph no longer knows reads: never dropped, always with its id. */
export const DELETED_OBJECT = "deleted object";
export const UNKNOWN_TENANT = "unknown tenant";
export const NAME_NOT_READABLE = "name not readable";

const FIELD: Record<NameKind, keyof DescribeOptions> = {
  directoryObject: "directoryObjects",
  role: "roles",
  application: "applications",
  namedLocation: "namedLocations",
  termsOfUse: "termsOfUse",
  authenticationContext: "authenticationContexts",
  tenant: "tenants",
};

/** The label an id is shown with (describePolicy then adds the id itself in brackets). */
export function labelOf(name: ResolvedName): string {
  if (name.status === "unreadable") return NAME_NOT_READABLE;
  if (name.status === "missing" || !name.displayName) return name.kind === "tenant" ? UNKNOWN_TENANT : DELETED_OBJECT;
  return name.detail ? `${name.displayName}, ${name.detail}` : name.displayName;
}

/** describePolicy's options from resolved names; `extra` (e.g. the partner tenant's own name) wins. */
export function describeOptionsFrom(names: readonly ResolvedName[], extra: DescribeOptions = {}): DescribeOptions {
  const out: Record<string, Record<string, string>> = {};
  for (const name of names) (out[FIELD[name.kind]] ??= {})[name.id.toLowerCase()] = labelOf(name);
  for (const [field, table] of Object.entries(extra)) if (table) out[field] = { ...(out[field] ?? {}), ...table };
  return out as DescribeOptions;
}

const BARE_GUID = /(?<![(\w-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi;

/**
 * A sentence with every bare id the options know turned into "Name (id)" (ids already in brackets
 * are left alone), for text lib/ca writes without options: plan reasons, warnings.
 */
export function withNames(text: string, options: DescribeOptions): string {
  const tables = Object.values(options).filter((t): t is Readonly<Record<string, string>> => t !== undefined);
  return text.replace(BARE_GUID, (id: string) => {
    const name = lookup(id, ...tables);
    return name === undefined ? id : `${name} (${id})`;
  });
}
