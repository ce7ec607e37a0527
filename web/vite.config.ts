/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The production build goes straight into the jar's classpath folder `webroot/`, which the collector serves.
// `--mode fixtures` builds a self-contained page fed by recorded API responses (src/fixtures) instead.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  base: './',
  build: {
    outDir: mode === 'fixtures' ? 'target/fixtures-site' : 'target/classes/webroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev` against a collector on loopback: API and stream proxied to it.
    proxy: {
      '/api': { target: process.env.CANVAS_COLLECTOR ?? 'http://127.0.0.1:8080', ws: true },
      '/login': { target: process.env.CANVAS_COLLECTOR ?? 'http://127.0.0.1:8080' },
    },
  },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
