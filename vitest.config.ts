import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Shops run on WIB; fixing the zone keeps day boundaries in tests the same on every machine.
    env: { TZ: 'Asia/Jakarta' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
