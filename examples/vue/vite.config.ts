import vue from '@vitejs/plugin-vue';
import {defineConfig} from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  // Tags with a dash are custom elements: Vue renders them as they are, sets known properties as
  // properties and listens for their events.
  plugins: [vue({template: {compilerOptions: {isCustomElement: (tag) => tag.includes('-')}}})],
  build: {outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false},
});
