// Small factories for test data.
import type { RestaurantProfile } from '../../src/contract/restaurant-profile.js';
import type { NewMenuItem } from '../../src/server/domain/menu.js';
import { newTextMessage, type NewOrder, type Notification } from '../../src/server/domain/order.js';
import type { NewUser } from '../../src/server/domain/user.js';

export function aDish(overrides: Partial<NewMenuItem> = {}): NewMenuItem {
  return {
    name: 'Fries',
    price: 349,
    description: 'Hand-cut, double-fried.',
    category: 'Sides',
    available: true,
    position: 0,
    options: [],
    tags: [],
    allergens: [],
    ...overrides,
  };
}

export function aCustomer(overrides: Partial<NewUser> = {}): NewUser {
  return {
    username: 'alice@example.com',
    phone: '+15556661234',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA',
    role: 'customer',
    phoneVerifiedAt: new Date('2026-11-28T11:00:00Z'),
    ...overrides,
  };
}

export function anOrder(userId: string, overrides: Partial<NewOrder> = {}): NewOrder {
  const at = overrides.orderTime ?? new Date('2026-11-28T12:00:00Z');
  return {
    userId,
    customerName: 'alice',
    number: '101',
    items: [
      { itemId: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'Hamburger', unitPrice: 995, quantity: 1 },
      { itemId: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: 'Soda', unitPrice: 199, quantity: 2 },
    ],
    total: 1393,
    status: 'received',
    statusHistory: [{ status: 'received', at }],
    orderTime: at,
    lastUpdated: at,
    idempotencyKey: null,
    requestHash: null,
    notifications: [],
    outboxDueAt: null,
    version: 0,
    statusVersion: 0,
    calls: [],
    charges: null,
    pickup: null,
    messages: [],
    ...overrides,
  };
}

/** The confirmation text of the article's order, waiting in the outbox since `at`. */
export function aConfirmationText(at: Date, overrides: Partial<Notification> = {}): Notification {
  return {
    ...newTextMessage({
      id: 'n1',
      to: '+15556661234',
      text: 'Von Appétit: order #101 received, total $13.93',
      at,
    }),
    ...overrides,
  };
}

const lunchAndDinner = [
  { opens: '11:00', closes: '14:00' },
  { opens: '17:00', closes: '22:00' },
];

/**
 * A New York restaurant: lunch and dinner from Tuesday to Sunday, closed on Mondays and on
 * Christmas Day, last orders 30 minutes before closing, 8.875 % sales tax added at checkout.
 */
export const NEW_YORK_PROFILE: RestaurantProfile = {
  address: '123 Vonage Street, New York, NY 10001',
  phone: '+1 212 555 0100',
  hours: {
    weekly: {
      mon: [],
      tue: lunchAndDinner,
      wed: lunchAndDinner,
      thu: lunchAndDinner,
      fri: lunchAndDinner,
      sat: lunchAndDinner,
      sun: lunchAndDinner,
    },
    exceptions: [{ date: '2026-12-25', ranges: [], label: 'Christmas Day' }],
    lastOrderMinutes: 30,
  },
  tax: { rateBps: 887.5, included: false },
  payment: 'pay_at_pickup',
  defaultPrepMinutes: 15,
  slotCapacity: { orders: null, items: null },
};
