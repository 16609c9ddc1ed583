// Where to go after signing in: back to the page that asked, if it is one of ours.
import type { LocationQueryValue, RouteLocationRaw } from 'vue-router';

export function safeRedirect(
  target: LocationQueryValue | LocationQueryValue[] | undefined,
): RouteLocationRaw {
  const path = Array.isArray(target) ? target[0] : target;
  // Only our own customer pages: never another origin (`//evil.example`) or a script URL.
  // Nor a page about signing in (back to "forgot your password?" after signing in, say).
  const signingIn = /^\/website\/(login|register|verify|forgot-password)\b/;
  if (typeof path === 'string' && /^\/website\/[\w\-/]*$/.test(path) && !signingIn.test(path)) return path;
  return { name: 'website.order' };
}
