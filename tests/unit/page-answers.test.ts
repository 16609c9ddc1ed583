// The answers a page is sent with, as the web app takes them: each once, while the app starts.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A page whose answers block holds `text`, and a fresh copy of the module that reads it. */
async function pageWith(text: string | null) {
  vi.stubGlobal('document', {
    getElementById: (id: string) => (id === 'page-answers' && text !== null ? { textContent: text } : null),
  });
  vi.resetModules();
  return import('../../src/web/api/pageAnswers.js');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const MENU = { categories: ['Burgers'], dishes: [{ id: 'a', name: 'Hamburger' }] };

describe("the page's answers", () => {
  it('answers the first request for a path, with its ETag, and leaves every later one to the network', async () => {
    const { takePageAnswer } = await pageWith(
      JSON.stringify({ '/api/menu': { status: 200, etag: '"v1"', body: MENU } }),
    );
    const first = takePageAnswer('/api/menu');
    expect(first?.status).toBe(200);
    expect(first?.headers.get('etag')).toBe('"v1"');
    expect(await first?.json()).toEqual(MENU);
    expect(takePageAnswer('/api/menu')).toBeUndefined();
  });

  it('answers "nobody signed in" as the API does: 204 without a body', async () => {
    const { takePageAnswer } = await pageWith(JSON.stringify({ '/api/website/session': { status: 204 } }));
    const answer = takePageAnswer('/api/website/session');
    expect(answer?.status).toBe(204);
    expect(await answer?.text()).toBe('');
  });

  it('forgets what nobody took once the app has started: a later check asks the network', async () => {
    const { dropPageAnswers, takePageAnswer } = await pageWith(
      JSON.stringify({ '/api/staff/session': { status: 204 }, '/api/restaurant': { status: 200, body: {} } }),
    );
    expect(takePageAnswer('/api/restaurant')?.status).toBe(200);
    dropPageAnswers();
    expect(takePageAnswer('/api/staff/session')).toBeUndefined();
  });

  it.each([
    ['a page without answers (the dev server)', null],
    ['a broken block', '{"/api/menu": '],
  ])('leaves everything to the network on %s', async (_name, text) => {
    const { takePageAnswer } = await pageWith(text);
    expect(takePageAnswer('/api/menu')).toBeUndefined();
  });
});
