import { defineConfig } from 'vite';

// Built into the api module's classes: the api serves it under /console, with content-hashed assets.
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? '../../../target/classes/console',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
  },
});
