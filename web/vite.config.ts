// The playground's build: static files in web/dist with relative URLs (open from any folder or
// server path). No dev-only features are relied on: `npm run web` serves the built files.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
});
