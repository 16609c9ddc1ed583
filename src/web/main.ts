// Boots the customer web app: styles, stores, router, then mounts on #app.
import './api/zodWithoutEval.js';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import './styles/main.css';

createApp(App).use(createPinia()).use(router).mount('#app');
