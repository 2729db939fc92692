import { defineConfig } from 'vite';

// No framework plugin: Vite's own transformer compiles TSX with Preact's automatic JSX runtime.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite web` during development: the API comes from a running kernel (make run prints its URL).
    proxy: { '/api': { target: process.env.AETHER_URL ?? 'http://127.0.0.1:8080', ws: true } },
  },
});
