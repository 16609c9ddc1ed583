// Maps URLs to pages; the customer menu keeps the original app's `/website/order` address.
import { createRouter, createWebHistory } from 'vue-router';
import MenuView from './views/customer/MenuView.vue';
import NotFoundView from './views/NotFoundView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page name shown before the restaurant's name in the browser tab. */
    title?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', redirect: { name: 'website.order' } },
    {
      path: '/website/order',
      name: 'website.order',
      component: MenuView,
      meta: { title: 'Menu' },
    },
    {
      path: '/dev/inbox',
      name: 'dev.inbox',
      // Loaded only when opened: the customer menu's bundle stays as small as it was.
      component: () => import('./views/dev/DevInboxView.vue'),
      meta: { title: 'Dev phone inbox' },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: NotFoundView,
      meta: { title: 'Page not found' },
    },
  ],
});
