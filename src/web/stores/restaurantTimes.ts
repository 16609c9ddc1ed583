// Instants as the restaurant's clock shows them, in its zone and locale: for the pages that show
// times (checkout, the order, the board), kept out of what the menu's first render downloads.
import { useRestaurantStore } from './restaurant.js';

export function useRestaurantTimes() {
  const restaurant = useRestaurantStore();
  const dateOf = (when: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: restaurant.info.timeZone }).format(new Date(when));

  /** "12:40 PM". */
  function formatTime(at: string | number): string {
    return new Intl.DateTimeFormat(restaurant.info.locale, {
      timeZone: restaurant.info.timeZone,
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(at));
  }

  /** "12:40 PM" today, "Tuesday 11:00 AM" on another day (within the week). */
  function formatDayTime(at: string | number): string {
    const instant = new Date(at).getTime();
    if (dateOf(instant) === dateOf(restaurant.serverNow())) return formatTime(instant);
    const weekday = new Intl.DateTimeFormat(restaurant.info.locale, {
      timeZone: restaurant.info.timeZone,
      weekday: 'long',
    }).format(new Date(instant));
    return `${weekday} ${formatTime(instant)}`;
  }

  /** The restaurant's local date (`YYYY-MM-DD`) of an instant. */
  const localDate = (at: string | number) => dateOf(new Date(at).getTime());

  return { formatTime, formatDayTime, localDate };
}
