// Option groups as the dish form holds them (prices as typed, in dollars) and as the API takes them.
import type { OptionGroupInput } from '../../../contract/menu-admin.js';
import { centsFromDollars, dollarsFromCents } from './dollars.js';

/** A group as the form holds it: prices as typed, in dollars. */
export interface GroupDraft {
  id: string;
  name: string;
  kind: OptionGroupInput['kind'];
  min: number;
  max: number;
  options: { id: string; name: string; price: string; available: boolean; preselected: boolean }[];
}

/** The groups as the API takes them, or the first problem to fix. */
export function groupsFromDrafts(drafts: readonly GroupDraft[]): OptionGroupInput[] | string {
  const out: OptionGroupInput[] = [];
  for (const group of drafts) {
    if (!group.name.trim()) return 'Every option group needs a name.';
    if (group.options.some((o) => !o.name.trim())) return `Name every option of ${group.name}.`;
    const options = [];
    for (const o of group.options) {
      const price = group.kind === 'removal' ? 0 : centsFromDollars(o.price);
      if (price === null) return `${o.name}: the price is not a number of dollars.`;
      options.push({
        id: o.id,
        name: o.name.trim(),
        price,
        available: o.available,
        preselected: o.preselected,
      });
    }
    const max = Math.max(1, Math.min(group.max, options.length));
    out.push({
      id: group.id,
      name: group.name.trim(),
      kind: group.kind,
      min: Math.min(group.min, max),
      max,
      options,
    });
  }
  return out;
}

export function draftsOf(groups: readonly OptionGroupInput[]): GroupDraft[] {
  return groups.map((g) => ({
    ...g,
    options: g.options.map((o) => ({
      id: o.id,
      name: o.name,
      price: dollarsFromCents(o.price),
      available: o.available,
      preselected: o.preselected,
    })),
  }));
}
