import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the jar's resources (meridian/ui), served by the server at / with hashed, long-cached
// assets. No inline script or style: the server's Content-Security-Policy allows none.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'target/classes/meridian/ui',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8585' } },
});
