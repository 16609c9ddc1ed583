// Maps URLs to pages; customer pages keep the original app's `/website/…` addresses. Pages
// that need a signed-in customer send others to sign in first, and back afterwards.
import { createRouter, createWebHistory } from 'vue-router';
import MenuView from './views/customer/MenuView.vue';
import NotFoundView from './views/NotFoundView.vue';
import { useSessionStore, useStaffSessionStore } from './stores/session.js';
import { DOCUMENT_ID_PATTERN } from '../contract/ids.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page name shown before the restaurant's name in the browser tab. */
    title?: string;
    /** Only for a customer signed in with password and code. */
    requiresSignIn?: boolean;
    /** A staff page: the navbar shows the staff corner, not the cart. */
    staff?: boolean;
    /** Only for staff signed in with password and code. */
    requiresStaff?: boolean;
    /** Only for admins: a cook is told so, with a way back to the board. */
    requiresAdmin?: boolean;
    /** The whole screen is the page's (the kitchen display): no navbar or footer. */
    fullScreen?: boolean;
    /**
     * The page shows the menu's dishes and prices: its first paint waits for the menu (main.ts),
     * which the server writes into the page (MENU_PAGES in server/http/web.ts).
     */
    showsMenu?: boolean;
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
      meta: { title: 'Menu', showsMenu: true },
    },
    {
      path: '/website/login',
      name: 'website.login',
      component: () => import('./views/customer/LoginView.vue'),
      meta: { title: 'Sign in' },
    },
    {
      path: '/website/register',
      name: 'website.register',
      component: () => import('./views/customer/RegisterView.vue'),
      meta: { title: 'Create an account' },
    },
    {
      path: '/website/forgot-password',
      name: 'website.forgot-password',
      component: () => import('./views/ForgotPasswordView.vue'),
      props: { surface: 'customer' },
      meta: { title: 'Forgot your password?' },
    },
    {
      path: '/website/verify',
      name: 'website.verify',
      component: () => import('./views/customer/VerifyView.vue'),
      meta: { title: 'Enter your code' },
    },
    {
      path: '/website/checkout',
      name: 'website.checkout',
      component: () => import('./views/customer/CheckoutView.vue'),
      meta: { title: 'Check out', showsMenu: true },
    },
    {
      path: '/website/orders',
      name: 'website.orders',
      component: () => import('./views/customer/OrderHistoryView.vue'),
      meta: { title: 'My orders', requiresSignIn: true },
    },
    {
      path: '/website/track/:secret([\\w-]{22})',
      name: 'website.track',
      component: () => import('./views/customer/TrackOrderView.vue'),
      props: true,
      meta: { title: 'Your order' },
    },
    {
      path: '/website/account',
      name: 'website.account',
      component: () => import('./views/customer/AccountSettingsView.vue'),
      meta: { title: 'Account settings', requiresSignIn: true },
    },
    {
      path: `/website/orders/:id(${DOCUMENT_ID_PATTERN})`,
      name: 'website.order-status',
      component: () => import('./views/customer/OrderStatusView.vue'),
      props: true,
      meta: { title: 'Your order', requiresSignIn: true },
    },
    { path: '/staff', redirect: { name: 'staff.kitchen' } },
    {
      path: '/staff/login',
      name: 'staff.login',
      component: () => import('./views/staff/StaffLoginView.vue'),
      meta: { title: 'Staff sign-in', staff: true },
    },
    {
      path: '/staff/forgot-password',
      name: 'staff.forgot-password',
      component: () => import('./views/ForgotPasswordView.vue'),
      props: { surface: 'staff' },
      meta: { title: 'Forgot your password?', staff: true },
    },
    {
      path: '/staff/kitchen',
      name: 'staff.kitchen',
      component: () => import('./views/staff/KitchenBoardView.vue'),
      meta: { title: 'Kitchen', staff: true, requiresStaff: true, fullScreen: true },
    },
    {
      path: '/staff/menu',
      name: 'staff.menu',
      component: () => import('./views/staff/MenuEditorView.vue'),
      meta: { title: 'Menu editor', staff: true, requiresStaff: true, requiresAdmin: true },
    },
    {
      path: '/staff/team',
      name: 'staff.team',
      component: () => import('./views/staff/TeamView.vue'),
      meta: { title: 'Team', staff: true, requiresStaff: true, requiresAdmin: true },
    },
    {
      path: '/staff/settings',
      name: 'staff.settings',
      component: () => import('./views/staff/SettingsView.vue'),
      meta: { title: 'Settings', staff: true, requiresStaff: true, requiresAdmin: true },
    },
    {
      path: '/staff/profile',
      name: 'staff.profile',
      component: () => import('./views/staff/StaffProfileView.vue'),
      meta: { title: 'Your profile', staff: true, requiresStaff: true },
    },
    {
      path: '/staff/invite',
      name: 'staff.invite',
      component: () => import('./views/staff/StaffInviteView.vue'),
      meta: { title: 'Join the team', staff: true },
    },
    {
      path: '/staff/audit',
      name: 'staff.audit',
      component: () => import('./views/staff/AuditLogView.vue'),
      meta: { title: 'Audit log', staff: true, requiresStaff: true, requiresAdmin: true },
    },
    {
      path: '/staff/reports',
      name: 'staff.reports',
      component: () => import('./views/staff/ReportView.vue'),
      meta: { title: 'End of day', staff: true, requiresStaff: true, requiresAdmin: true },
    },
    {
      path: '/staff/admins-only',
      name: 'staff.admins-only',
      component: () => import('./views/staff/AdminsOnlyView.vue'),
      meta: { title: 'Admins only', staff: true, requiresStaff: true },
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

router.beforeEach(async (to) => {
  if (to.meta.requiresStaff) {
    const staff = useStaffSessionStore();
    await staff.ensureChecked();
    if (staff.status !== 'signed-in') return { name: 'staff.login' };
    // A cook who follows a link to an admin page learns why it is not for them.
    return to.meta.requiresAdmin && staff.info?.role !== 'admin' ? { name: 'staff.admins-only' } : true;
  }
  if (!to.meta.requiresSignIn) return true;
  const session = useSessionStore();
  await session.ensureChecked();
  if (session.status === 'signed-in') return true;
  return {
    name: session.status === 'pending' ? 'website.verify' : 'website.login',
    query: { redirect: to.fullPath },
  };
});
