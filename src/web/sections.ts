// Lists grouped into the site's sections: first the sections the config names, in its order, then
// any other section by name, and last the lists without a section. Lists keep name order inside.

export interface Sectioned {
  name: string;
  section: string;
}

export interface SectionGroup<T> {
  /** Empty for the lists that have no section. */
  section: string;
  lists: T[];
}

export function groupBySection<T extends Sectioned>(
  lists: readonly T[],
  order: readonly string[],
): SectionGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const list of [...lists].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let group = groups.get(list.section);
    if (!group) groups.set(list.section, (group = []));
    group.push(list);
  }
  const named = [...groups.keys()].filter((s) => s !== '');
  const rank = (s: string) => {
    const i = order.indexOf(s);
    return i < 0 ? order.length : i;
  };
  named.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const result = named.map((section) => ({ section, lists: groups.get(section)! }));
  if (groups.has('')) result.push({ section: '', lists: groups.get('')! });
  return result;
}
