// Where to go after signing in: back to the page that asked, if it is one of ours.
import type { LocationQueryValue, RouteLocationRaw } from 'vue-router';

export function safeRedirect(
  target: LocationQueryValue | LocationQueryValue[] | undefined,
): RouteLocationRaw {
  const path = Array.isArray(target) ? target[0] : target;
  // Only our own customer pages: never another origin (`//evil.example`) or a script URL.
  if (typeof path === 'string' && /^\/website\/[\w\-/]*$/.test(path)) return path;
  return { name: 'website.order' };
}
