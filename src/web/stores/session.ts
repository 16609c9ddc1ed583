// Who is signed in, how far (password only, or password and code), and the CSRF token the API
// wants on every change. Everything here lives in memory: the session itself is an HttpOnly
// cookie the page never sees, and nothing secret goes to localStorage or sessionStorage.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SessionInfo } from '../../contract/auth.js';
import * as api from '../api/client.js';

export type SessionStatus = 'unknown' | 'anonymous' | 'pending' | 'signed-in';

function sessionStore(surface: api.Surface) {
  return () => {
    const info = ref<SessionInfo | null>(null);
    const checked = ref(false);
    /** When the latest answer arrived, to count the resend countdown down from. */
    const receivedAt = ref(Date.now());
    /** What the person typed at the first step, kept (in memory) should the code step run out. */
    const draft = ref({ username: '', phone: '' });
    let refreshing: Promise<void> | undefined;

    const status = computed<SessionStatus>(() => {
      if (!checked.value) return 'unknown';
      if (!info.value) return 'anonymous';
      return info.value.stage === 'full' ? 'signed-in' : 'pending';
    });
    const username = computed(() => info.value?.username ?? null);
    const csrfToken = computed(() => info.value?.csrfToken);

    function accept(next: SessionInfo | null): void {
      info.value = next;
      checked.value = true;
      receivedAt.value = Date.now();
    }

    /** Asks the server once per page life (again after `forget`). Never throws. */
    function refresh(): Promise<void> {
      refreshing ??= api
        .fetchSession(surface)
        .then(accept)
        .catch(() => {
          // The API is unreachable: treat the visitor as signed out; the pages say why when they call.
          accept(null);
        })
        .finally(() => {
          refreshing = undefined;
        });
      return refreshing;
    }

    async function ensureChecked(): Promise<void> {
      if (!checked.value) await refresh();
    }

    async function register(form: { username: string; password: string; phone: string }): Promise<void> {
      draft.value = { username: form.username, phone: form.phone };
      accept(await api.register(form));
    }

    async function login(form: { username: string; password: string }): Promise<void> {
      draft.value = { username: form.username, phone: '' };
      accept(await api.authenticate(form, surface));
    }

    async function verify(code: string): Promise<void> {
      try {
        accept(await api.verifyCode(code, csrfToken.value, surface));
      } catch (error) {
        // A sign-in that ended (too many codes, expired, already used) is gone on the server too.
        if (error instanceof api.ApiError && [401, 409, 410, 429].includes(error.status ?? 0)) {
          if (error.problem?.code !== 'invalid_code' && error.problem?.code !== 'rate_limited')
            await refresh();
        }
        throw error;
      }
    }

    async function resend(): Promise<void> {
      accept(await api.resendCode(csrfToken.value, surface));
    }

    /** Signs out on the server; throws (and stays signed in) when the server could not do it. */
    async function logout(): Promise<void> {
      try {
        await api.logout(csrfToken.value, surface);
      } catch (error) {
        // A token gone stale (a sign-in in another tab): fetch the current one and try once more.
        if (!(error instanceof api.ApiError && error.problem?.code === 'csrf_rejected')) throw error;
        await refresh();
        if (status.value === 'anonymous') return;
        await api.logout(csrfToken.value, surface);
      }
      accept(null);
    }

    return {
      info,
      status,
      username,
      csrfToken,
      receivedAt,
      draft,
      /** Takes a session the page got from elsewhere (a guest's code step). */
      adopt: accept,
      refresh,
      ensureChecked,
      register,
      login,
      verify,
      resend,
      logout,
    };
  };
}

/** The customer's session (/api/website). */
export const useSessionStore = defineStore('session', sessionStore('customer'));

/** A staff member's session (/api/staff): the kitchen tablet's, apart from any customer's. */
export const useStaffSessionStore = defineStore('staff-session', sessionStore('staff'));
