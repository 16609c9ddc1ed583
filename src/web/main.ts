// Boots the customer web app: styles, stores, router, then mounts on #app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { dropPageAnswers } from './api/pageAnswers.js';
import { router } from './router.js';
import { useMenuStore } from './stores/menu.js';
import { useRestaurantStore } from './stores/restaurant.js';
import './styles/main.css';

/**
 * How long the first paint waits for the answers the page shows (the page usually carries them:
 * api/pageAnswers.ts): never longer, or a slow API would leave it blank.
 */
const FIRST_PAINT_WAIT_MS = 1500;

const pinia = createPinia();
const app = createApp(App).use(pinia).use(router);

// The first paint is the page as it will stay: its own content (not the frame with an empty
// middle that the content then pushes the footer out of), the restaurant's name, hours and
// state, and on the menu's pages the dishes. Anything later would move what is already shown.
// A route that failed to load still gets the frame.
void router
  .isReady()
  .catch(() => undefined)
  .then(async () => {
    const answers = [useRestaurantStore(pinia).load()];
    if (router.currentRoute.value.meta.showsMenu) answers.push(useMenuStore(pinia).load());
    await Promise.race([
      Promise.all(answers),
      new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS)),
    ]);
    app.mount('#app');
    dropPageAnswers();
  });
