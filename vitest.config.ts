import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Browser tests (test/browser, node:test + real browsers) are run by scripts/test.mjs, not here.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/architecture/**/*.test.ts', 'test/sandbox/**/*.test.ts', 'test/proxy/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
