// Headers of this API beyond HTTP's own, for the server and the web app alike (no schema library:
// the web app's first load carries this file).

/** The session's CSRF token (from `GET …/session`), sent with every change. */
export const CSRF_HEADER = 'x-csrf-token';
