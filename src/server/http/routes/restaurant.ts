// The restaurant: its profile and where it stands now (anyone), the pickup times it offers
// (anyone), the kitchen's pause and busy switches (the kitchen), its profile (admins; audited).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contract/problem.js';
import {
  OrderingPause,
  OrderingPauseRequest,
  PickupTimes,
  RestaurantProfile,
} from '../../../contract/restaurant-profile.js';
import { RestaurantInfo } from '../../../contract/restaurant.js';
import type { OrderingPause as Pause } from '../../domain/restaurant.js';
import type { RestaurantService } from '../../services/restaurant.js';
import { signedIn } from '../guards.js';
import { problemResponses } from '../problem.js';

export interface RestaurantFacts {
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
  /** Whether customers can text HERE on arrival (see customer-texts.ts). */
  arrivalByText: boolean;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

const presentPause = (pause: Pause): OrderingPause => ({
  paused: pause.paused,
  until: iso(pause.until),
  busyMinutes: pause.busyMinutes,
});

/**
 * The restaurant as `GET /api/restaurant` answers: its facts and profile, and where it stands now.
 * Also what every page is sent with (http/web.ts).
 */
export function restaurantAnswer({
  restaurant,
  facts,
}: {
  restaurant: RestaurantService;
  facts: RestaurantFacts;
}) {
  return async (): Promise<RestaurantInfo> => {
    const [profile, now] = await Promise.all([restaurant.profile.get(), restaurant.now()]);
    return {
      ...facts,
      address: profile.address,
      phone: profile.phone,
      hours: profile.hours,
      tax: profile.tax,
      payment: profile.payment,
      now: {
        at: now.at.toISOString(),
        open: now.opening.open,
        takingOrders: now.takingOrders,
        closesAt: iso(now.opening.closesAt),
        lastOrderAt: iso(now.opening.lastOrderAt),
        nextOpening: iso(now.opening.nextOpening),
        today: now.today.map(({ opens, closes }) => ({
          opens: opens.toISOString(),
          closes: closes.toISOString(),
        })),
        pause: presentPause(now.pause),
        estimateMinutes: now.estimateMinutes,
      },
    };
  };
}

/** For everyone: the restaurant as the menu and checkout show it. */
export const restaurantRoutes: FastifyPluginAsyncZod<{
  restaurant: RestaurantService;
  facts: RestaurantFacts;
}> = (app, { restaurant, facts }) => {
  const whereItStands = restaurantAnswer({ restaurant, facts });
  app.get(
    '/api/restaurant',
    {
      schema: {
        tags: ['restaurant'],
        summary: 'The restaurant: name, address, hours, tax, how to pay, and whether it takes orders now',
        description:
          'Times are instants (ISO 8601); opening hours are wall times in `timeZone`. `now.takingOrders` is false while closed, after the last-order time, or while the kitchen has paused online orders.',
        response: { 200: RestaurantInfo, 503: Problem },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return whereItStands();
    },
  );

  app.get(
    '/api/pickup-times',
    {
      schema: {
        tags: ['restaurant'],
        summary:
          'When an order of `dishes` dishes can be picked up: as soon as possible, or a 15-minute slot',
        querystring: z.strictObject({ dishes: z.coerce.number().int().min(1).max(5000).default(1) }),
        response: { 200: PickupTimes, 400: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const options = await restaurant.pickupOptions(request.query.dishes);
      reply.header('cache-control', 'no-store');
      return {
        asap: { available: options.asap.available, readyAround: iso(options.asap.readyAround) },
        slots: options.slots.map(({ at, date, full }) => ({ at: at.toISOString(), date, full })),
      };
    },
  );
  return Promise.resolve();
};

const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);

/** For the kitchen: pause online ordering, resume it, or say how busy the kitchen is. */
export const orderingPauseRoutes: FastifyPluginAsyncZod<{
  restaurant: RestaurantService;
  now: () => Date;
}> = (app, { restaurant, now }) => {
  app.put(
    '/api/staff/ordering-pause',
    {
      schema: {
        tags: ['restaurant'],
        summary:
          'Pause online ordering (for some minutes, or until resumed), resume it, or set the busy minutes',
        description:
          '`{"paused": true, "forMinutes": 30}` pauses for 30 minutes (`null`: until resumed); `{"paused": false}` resumes; `{"busyMinutes": 15}` adds 15 minutes to every ready estimate. Audited.',
        body: OrderingPauseRequest,
        response: { 200: OrderingPause, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      // From the store, not this instance's copy: a switch tapped elsewhere a moment ago stays.
      const current = await restaurant.pause.fresh();
      const body = request.body;
      const next: Pause =
        'busyMinutes' in body
          ? { ...current, busyMinutes: body.busyMinutes }
          : body.paused
            ? {
                ...current,
                paused: true,
                until: body.forMinutes === null ? null : new Date(now().getTime() + body.forMinutes * 60_000),
              }
            : { ...current, paused: false, until: null };
      return presentPause(await restaurant.pause.set({ by: user, value: next }));
    },
  );
  return Promise.resolve();
};

/** For admins: the restaurant's profile (audited). */
export const restaurantProfileRoutes: FastifyPluginAsyncZod<{ restaurant: RestaurantService }> = (
  app,
  { restaurant },
) => {
  app.get(
    '/api/staff/restaurant',
    {
      schema: {
        tags: ['restaurant'],
        summary: "The restaurant's profile: address, phone, hours, tax, payment, estimates, slot capacity",
        response: { 200: RestaurantProfile, ...problems },
      },
    },
    () => restaurant.profile.get(),
  );

  app.put(
    '/api/staff/restaurant',
    {
      schema: {
        tags: ['restaurant'],
        summary: "Set the restaurant's profile (admins; audited)",
        body: RestaurantProfile,
        response: { 200: RestaurantProfile, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return restaurant.profile.set({ by: user, value: request.body });
    },
  );
  return Promise.resolve();
};
