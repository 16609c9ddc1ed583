// The answers the server wrote into the page (server/http/web.ts), by API path: the restaurant,
// the session, and on the menu's pages the menu. The first request for each, while the app
// starts, takes its answer from here, once; every later one goes to the network.

interface PageAnswer {
  status: number;
  etag?: string;
  body?: unknown;
}

let answers: Map<string, PageAnswer> | undefined;

function read(): Map<string, PageAnswer> {
  // The browser's document (no DOM types here: the unit tests read this file under Node).
  const { document } = globalThis as {
    document?: { getElementById(id: string): { textContent: string | null } | null };
  };
  const block = document?.getElementById('page-answers');
  try {
    const parsed: unknown = JSON.parse(block?.textContent ?? '{}');
    return new Map(Object.entries(parsed as Record<string, PageAnswer>));
  } catch {
    // A page without (or with broken) answers: the app asks the network for everything.
    return new Map();
  }
}

/** The page's answer for a GET of `path` as a Response, the first time only. */
export function takePageAnswer(path: string): Response | undefined {
  answers ??= read();
  const answer = answers.get(path);
  if (!answer) return undefined;
  answers.delete(path);
  const headers = new Headers({ 'content-type': 'application/json' });
  if (answer.etag) headers.set('etag', answer.etag);
  const body = answer.status === 204 ? null : JSON.stringify(answer.body);
  return new Response(body, { status: answer.status, headers });
}

/**
 * Forgets the answers nobody took while the app started (main.ts, once mounted): a later request
 * (a sign-in's check of the session, say) must get the answer of its moment, not the page's.
 */
export function dropPageAnswers(): void {
  answers = new Map();
}
