import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Shops run on WIB; fixing the zone keeps day boundaries in tests the same on every machine.
    env: { TZ: 'Asia/Jakarta' },
    // Probes the PostgreSQL server once: CI fails without one, a laptop without one skips that suite and says so.
    globalSetup: ['test/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
