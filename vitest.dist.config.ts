import { defineConfig } from 'vitest/config';

// Static checks over the built site (tests/dist): run after `npm run build`, no browser.
export default defineConfig({
  test: {
    include: ['tests/dist/**/*.test.mjs'],
  },
});
