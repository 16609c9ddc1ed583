// The audit log in the words of the staff pages: what was done, to what, and only the fields that
// changed, each named as its page names it and shown as it shows it (prices in money, yes/no).

export type AuditArea = 'Menu' | 'Team' | 'Settings' | 'Orders';

const ACTIONS: Record<string, { area: AuditArea; did: string }> = {
  'menu.add': { area: 'Menu', did: 'Added a dish' },
  'menu.update': { area: 'Menu', did: 'Changed a dish' },
  'menu.delete': { area: 'Menu', did: 'Deleted a dish' },
  'menu.photo': { area: 'Menu', did: "Changed a dish's photo" },
  'menu.available': { area: 'Menu', did: 'Put dishes back on the menu' },
  'menu.sold-out': { area: 'Menu', did: 'Marked dishes sold out' },
  'menu.import': { area: 'Menu', did: 'Imported a menu file' },
  'staff.invite': { area: 'Team', did: 'Invited a team member' },
  'staff.reinvite': { area: 'Team', did: 'Sent a new invitation' },
  'staff.accept-invitation': { area: 'Team', did: 'Joined the team' },
  'staff.display-name': { area: 'Team', did: 'Changed the name customers see' },
  'staff.disable': { area: 'Team', did: 'Disabled an account' },
  'staff.enable': { area: 'Team', did: 'Enabled an account' },
  'staff.reset-phone': { area: 'Team', did: 'Gave an account a new phone' },
  'settings.status-texts': { area: 'Settings', did: 'Changed which steps text the customer' },
  'settings.ticket-timers': { area: 'Settings', did: 'Changed when tickets turn amber and red' },
  'settings.restaurant-profile': { area: 'Settings', did: "Changed the restaurant's details" },
  'settings.ordering-pause': { area: 'Settings', did: 'Paused, resumed or set the kitchen busy' },
  'order.reopen': { area: 'Orders', did: 'Brought a picked-up order back to the board' },
};

const LABELS: Record<string, string> = {
  name: 'Name',
  price: 'Price',
  description: 'Description',
  category: 'Category',
  available: 'On the menu',
  position: 'Place in its category',
  options: 'Options',
  tags: 'Dietary tags',
  allergens: 'Allergens',
  photo: 'Photo',
  dishes: 'Dishes',
  username: 'Username',
  displayName: 'Name customers see',
  role: 'Role',
  phone: 'Phone',
  phoneVerified: 'Phone proven',
  state: 'State',
  statuses: 'Steps that text the customer',
  warnAfterMinutes: 'Amber after (minutes)',
  lateAfterMinutes: 'Red after (minutes)',
  address: 'Address',
  hours: 'Opening hours',
  tax: 'Tax',
  payment: 'Payment',
  defaultPrepMinutes: 'Usual preparation time (minutes)',
  slotCapacity: 'Pickup slot limits',
  paused: 'Online orders paused',
  until: 'Paused until',
  busyMinutes: 'Busy: minutes added',
  status: 'Status',
  number: 'Order',
  added: 'Dishes added',
  replaced: 'Dishes replaced',
};

export interface AuditWords {
  area: AuditArea | 'Other';
  did: string;
  /** The fields that changed (or, for something added or removed, what it held). */
  changes: { field: string; before: string | null; after: string | null }[];
}

function shown(key: string, value: unknown, money: (cents: number) => string): string {
  // No photo (null) reads as a dash, as every empty field.
  if (value === null || value === undefined) return '—';
  if (key === 'price' && typeof value === 'number') return money(value);
  if (key === 'photo') return 'a photo';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '—' : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (key === 'options')
      return value.length === 0 ? 'none' : `${value.length} group${value.length > 1 ? 's' : ''}`;
    return value.length === 0
      ? 'none'
      : value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  }
  return 'changed';
}

/** One entry as a person reads it. */
export function auditWords(
  entry: { action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  money: (cents: number) => string,
): AuditWords {
  const known = ACTIONS[entry.action];
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key in LABELS);
  const changes = keys
    .filter(
      (key) =>
        entry.before === null ||
        entry.after === null ||
        JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    )
    .map((key) => ({
      field: LABELS[key] ?? key,
      before: entry.before === null ? null : shown(key, before[key], money),
      after: entry.after === null ? null : shown(key, after[key], money),
    }));
  return { area: known?.area ?? 'Other', did: known?.did ?? entry.action, changes };
}

/** What the entry was about, in a few words: a dish's name, a member's username, an order's number. */
export function auditSubject(entry: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}): string | null {
  const of = (key: string) => entry.after?.[key] ?? entry.before?.[key];
  const name = of('name') ?? of('username');
  if (typeof name === 'string') return name;
  const number = of('number');
  return typeof number === 'string' ? `Order #${number}` : null;
}
