import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'snippets/**/*.test.ts'],
    testTimeout: 60000,
  },
});
