// Builds the Vue web app into dist/web, each text file beside its brotli and gzip forms (the
// server picks one by Accept-Encoding); in dev, proxies the API to the Fastify server.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

// The dev script passes the API server's port; production serves both from one port.
const apiTarget = `http://127.0.0.1:${process.env.VITE_DEV_API_PORT ?? '3000'}`;
const apiPaths = ['/api', '/media', '/docs', '/livez', '/readyz'];

/** Files worth compressing: text. Pictures and fonts are compressed already. */
const TEXT = /\.(js|css|html|svg|json|txt|webmanifest)$/;

/**
 * Writes `<file>.br` (brotli, best) and `<file>.gz` (gzip, best) beside every text file of the
 * build, once, so that no request pays for compressing (`preCompressed` in http/web.ts).
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'von-appetit:precompress',
    apply: 'build',
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !TEXT.test(entry.name)) continue;
        const path = join(entry.parentPath, entry.name);
        const bytes = readFileSync(path);
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [vue(), tailwindcss(), precompress(outDir)],
  resolve: {
    // The web app's zod never evaluates code (the CSP forbids it): configured before any schema.
    alias: [
      {
        find: /^zod$/,
        replacement: fileURLToPath(new URL('./src/web/api/zodWithoutEval.ts', import.meta.url)),
      },
    ],
  },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    // The one large chunk is Vonage's Video SDK (about 3 MB), fetched only when a live call starts.
    chunkSizeWarningLimit: 3500,
    rolldownOptions: {
      output: {
        // Vue, its router and Pinia in one file: every page needs all three at once, and a phone
        // on HTTP/1.1 opens six connections to the server (each file more waits its turn).
        codeSplitting: {
          groups: [{ name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/ }],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: apiTarget }])),
  },
});
