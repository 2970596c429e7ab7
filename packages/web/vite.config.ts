import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies the API to a locally running `outbreak serve` (port 8080 by default) so that
// cookies and the CSRF double-submit work exactly as in production, where the server serves dist/.
const apiTarget = process.env.OC_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; it is loaded lazily with the map, so the warning would only be noise.
    chunkSizeWarningLimit: 1600,
    // two entries: the staff app and the public portal (portal/index.html → dist/portal/), which shares no code
    rollupOptions: { input: { main: 'index.html', portal: 'portal/index.html' } },
  },
});
