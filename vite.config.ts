import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The web app lives in web/ and is served by the Fastify server from dist/web, so the API is
// same-origin in production; in development Vite proxies /api to a running `roster serve`.
export default defineConfig({
  root: here('./web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': process.env.ROSTER_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
