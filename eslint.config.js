// ESLint (flat config): JavaScript and TypeScript recommended rules, Astro components, no warnings
// allowed (`npm run lint` passes --max-warnings 0). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_` marks an argument a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Snippets are what readers copy: plain tfjs, no test or Node globals.
    files: ['snippets/*/*.ts'],
    ignores: ['snippets/*/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
