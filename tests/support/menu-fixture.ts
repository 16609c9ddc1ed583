// A restaurant-sized menu for tests: 40 dishes in 6 categories, the Hamburger with a size, extras
// and things to leave out, as a menu file (`POST /api/staff/menu/import`). The article's two
// dishes keep their ids, so a menu seeded with them is replaced rather than doubled.
import type { MenuExport } from '../../src/contract/menu-admin.js';

export const HAMBURGER_ID = '5eed00000000000000000001';
export const SODA_ID = '5eed00000000000000000002';

/** Hamburger — Large (+$2.00), + bacon ($1.50), no onions: the options ordered in the tests. */
export const LARGE_BACON_NO_ONIONS = ['large', 'bacon', 'onions'];

const CATEGORIES = ['Burgers', 'Sandwiches', 'Sides', 'Salads', 'Desserts', 'Drinks'] as const;

const NAMES: Record<(typeof CATEGORIES)[number], string[]> = {
  Burgers: [
    'Cheeseburger',
    'Double burger',
    'Mushroom Swiss burger',
    'BBQ bacon burger',
    'Veggie burger',
    'Turkey burger',
  ],
  Sandwiches: [
    'Chicken sandwich',
    'Club sandwich',
    'BLT',
    'Grilled cheese',
    'Reuben',
    'Cuban',
    'Meatball sub',
  ],
  Sides: ['Fries', 'Onion rings', 'Sweet potato fries', 'Coleslaw', 'Mac and cheese', 'Side salad', 'Tots'],
  Salads: ['Caesar salad', 'Cobb salad', 'Greek salad', 'Garden salad', 'Kale salad'],
  Desserts: ['Brownie', 'Cheesecake', 'Apple pie', 'Milkshake', 'Sundae', 'Cookie'],
  Drinks: ['Lemonade', 'Iced tea', 'Coffee', 'Sparkling water', 'Root beer', 'Orange juice', 'Hot chocolate'],
};

let serial = 0;
const idOf = () => `7e57${(serial++).toString(16).padStart(20, '0')}`;

export function fortyDishMenu(): MenuExport {
  serial = 0;
  const dish = (name: string, category: string, price: number, position: number) => ({
    id: idOf(),
    name,
    price,
    description: `Our ${name.toLowerCase()}, made to order.`,
    category,
    available: true,
    position,
    options: [],
    tags: [],
    allergens: [],
    photo: null,
  });
  const dishes: MenuExport['dishes'] = [
    {
      id: HAMBURGER_ID,
      name: 'Hamburger',
      price: 995,
      description: 'Grilled beef patty, cheddar, lettuce and tomato on a toasted bun.',
      category: 'Burgers',
      available: true,
      position: 0,
      options: [
        {
          id: 'size',
          name: 'Size',
          kind: 'choice',
          min: 1,
          max: 1,
          options: [
            { id: 'regular', name: 'Regular', price: 0, available: true, preselected: true },
            { id: 'large', name: 'Large', price: 200, available: true, preselected: false },
          ],
        },
        {
          id: 'extras',
          name: 'Extras',
          kind: 'addon',
          min: 0,
          max: 3,
          options: [
            { id: 'bacon', name: 'Bacon', price: 150, available: true, preselected: false },
            { id: 'cheese', name: 'Extra cheese', price: 100, available: true, preselected: false },
            { id: 'avocado', name: 'Avocado', price: 200, available: true, preselected: false },
            { id: 'egg', name: 'Fried egg', price: 125, available: true, preselected: false },
          ],
        },
        {
          id: 'remove',
          name: 'Remove',
          kind: 'removal',
          min: 0,
          max: 3,
          options: [
            { id: 'onions', name: 'Onions', price: 0, available: true, preselected: false },
            { id: 'pickles', name: 'Pickles', price: 0, available: true, preselected: false },
          ],
        },
      ],
      tags: [],
      allergens: ['milk', 'wheat'],
      photo: null,
    },
    {
      ...dish('Soda', 'Drinks', 199, 0),
      id: SODA_ID,
      description: 'Ice-cold fountain soda.',
      tags: ['vegan'],
    },
  ];
  for (const category of CATEGORIES) {
    for (const [index, name] of NAMES[category].entries()) {
      dishes.push(dish(name, category, 299 + 50 * index, index + 1));
    }
  }
  return { format: 'von-appetit.menu/1', categories: [...CATEGORIES], dishes };
}
