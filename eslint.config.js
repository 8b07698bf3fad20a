import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain core depends on nothing below it: no database, no HTTP, no CLI, no import pipeline.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/http/**', '**/cli/**', '**/import/**', 'kysely', 'fastify', 'better-sqlite3', 'pg'] },
      ],
    },
  },
  {
    // The import pipeline talks to the database through db/, never to a driver directly.
    files: ['src/import/**/*.ts', 'src/http/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['better-sqlite3', 'pg', 'pg-copy-streams'] }],
    },
  },
  {
    // Routes reach imports through the import library, never its tables: the lifecycle rules live
    // in src/import/ where the CLI can call them too. Repositories stay open to the other routes.
    // (This replaces the rule above for src/http/, so the driver patterns are repeated.)
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['better-sqlite3', 'pg', 'pg-copy-streams', '**/db/imports/**'] }],
    },
  },
);
