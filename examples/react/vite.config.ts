import {resolve} from 'node:path';
import {defineConfig} from 'vite';

// No React plugin needed for a production build: Vite compiles TSX with the automatic runtime.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  oxc: {jsx: {runtime: 'automatic'}},
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        jsx: resolve(import.meta.dirname, 'jsx.html'),
      },
    },
  },
});
