// The tenants page's grid selection, handed to the wizard on a client-side navigation. A module
// variable survives that navigation and nothing else: a reload or a link from elsewhere starts
// the wizard with no selection, which is what someone arriving fresh expects. Ids in the URL would
// not fit: a thousand tenant ids are longer than browsers and servers accept.
let pending: string[] | null = null;

export function handOffSelection(ids: readonly string[]): void {
  pending = ids.length > 0 ? [...ids] : null;
}

/** The handed-off ids, once: the next visit to the wizard starts empty again. */
export function takeHandedOffSelection(): string[] {
  const ids = pending ?? [];
  pending = null;
  return ids;
}
