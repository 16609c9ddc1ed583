// Decides which drawing shows a dish: the category's words first, then the dish name's, else a plate.

export type IllustrationKind = 'burger' | 'pizza' | 'fries' | 'salad' | 'dessert' | 'drink' | 'plate';

// Order matters when a text names two things: "Burger & Fries" is a burger, "Cheesecake Shake" a dessert.
const KEYWORDS: readonly (readonly [IllustrationKind, readonly string[]])[] = (
  [
    ['burger', 'burger, sandwich, slider, sub, wrap'],
    ['pizza', 'pizza, calzone, flatbread, margherita, pepperoni'],
    ['fries', 'fries, fry, side, chips, wedge, tots, onion rings, nuggets, snack'],
    ['salad', 'salad, greens, bowl, slaw, caesar, vegan'],
    [
      'dessert',
      'dessert, sweet, cake, cupcake, brownie, cookie, pie, tart, muffin, donut, doughnut, ice cream, ' +
        'sundae, gelato, pudding, tiramisu, waffle, churro, brulee, mousse, macaron, cannoli',
    ],
    [
      'drink',
      'drink, beverage, soda, pop, cola, coke, juice, lemonade, water, tea, coffee, latte, espresso, ' +
        'cappuccino, shake, smoothie, beer, wine, spritz',
    ],
  ] as const
).map(([kind, list]) => [kind, list.split(', ')] as const);

/** The drawing for a dish, e.g. `illustrationFor('Burgers', 'Hamburger')` → `'burger'`. */
export function illustrationFor(category: string, dishName: string): IllustrationKind {
  return kindIn(category) ?? kindIn(dishName) ?? 'plate';
}

function kindIn(text: string): IllustrationKind | undefined {
  const words = wordsOf(text);
  if (words.length === 0) return undefined;
  const phrase = ` ${words.join(' ')} `;
  const match = KEYWORDS.find(([, keywords]) =>
    keywords.some((keyword) =>
      keyword.includes(' ') ? phrase.includes(` ${keyword} `) : words.some((word) => names(word, keyword)),
    ),
  );
  return match?.[0];
}

// Whole words only, so "steak" never reads as "tea" nor "inside" as "side".
function names(word: string, keyword: string): boolean {
  if (word === keyword || word === `${keyword}s` || word === `${keyword}es`) return true;
  if (keyword.endsWith('y') && word === `${keyword.slice(0, -1)}ies`) return true;
  // Long keywords may end a compound (cheeseburger, milkshake, cheesecake); "side" may not ("inside").
  const compound = keyword.length >= 4 && keyword !== 'side' && word.length >= keyword.length + 3;
  return compound && (word.endsWith(keyword) || word.endsWith(`${keyword}s`));
}

function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .match(/[a-z]+/g) ?? []
  );
}

/** What a drink looks like in the glass, from words in its name; cola when nothing says otherwise. */
export function drinkColourFor(dishName: string): string {
  const words = wordsOf(dishName);
  const has = (...keywords: string[]): boolean =>
    words.some((word) => keywords.some((keyword) => names(word, keyword)));
  if (has('lemonade', 'lemon', 'lime', 'sprite', 'ginger')) return '#f3d34a';
  if (has('orange', 'juice', 'mango', 'peach', 'fanta')) return '#f29a2e';
  if (has('water', 'sparkling')) return '#a9d8f0';
  if (has('berry', 'cherry', 'strawberry', 'raspberry', 'punch', 'wine')) return '#c2314f';
  if (has('shake', 'milk', 'smoothie', 'latte', 'vanilla')) return '#f1dcc3';
  if (has('tea')) return '#b86b25';
  if (has('coffee', 'espresso', 'americano', 'mocha')) return '#4a2c1c';
  if (has('beer', 'lager', 'ale')) return '#e7a93a';
  return '#6b2d16';
}

/** Tints behind each drawing; translucent so the card's own background (light or dark) shows through. */
export const backdropClass: Readonly<Record<IllustrationKind, string>> = {
  burger: 'bg-amber-400/25 dark:bg-amber-300/12',
  pizza: 'bg-orange-400/25 dark:bg-orange-300/12',
  fries: 'bg-yellow-400/30 dark:bg-yellow-300/12',
  salad: 'bg-lime-500/25 dark:bg-lime-300/12',
  dessert: 'bg-pink-400/25 dark:bg-pink-300/12',
  drink: 'bg-sky-400/25 dark:bg-sky-300/12',
  plate: 'bg-stone-400/25 dark:bg-stone-300/10',
};
