// Builds the Vue web app into dist/web; in dev, proxies the API to the Fastify server.
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The dev script passes the API server's port; production serves both from one port.
const apiTarget = `http://127.0.0.1:${process.env.VITE_DEV_API_PORT ?? '3000'}`;
const apiPaths = ['/api', '/media', '/docs', '/livez', '/readyz'];

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [vue(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // The one large chunk is Vonage's Video SDK (about 3 MB), fetched only when a live call starts.
    chunkSizeWarningLimit: 3500,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: apiTarget }])),
  },
});
