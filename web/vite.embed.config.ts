import { defineConfig } from 'vite';

// The embeddable components (src/embed): an ES module, dist/embed/aether-embed.js (its lazy views,
// xterm.js and noVNC, as chunks beside it, loaded relative to it), after Mission Control's build
// (which empties dist/). ES, not IIFE: noVNC uses top-level await.
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/embed',
    emptyOutDir: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    lib: {
      entry: 'src/embed/index.tsx',
      formats: ['es'],
      name: 'AetherEmbed',
      fileName: () => 'aether-embed.js',
    },
  },
});
