import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries. Each part of the code base gets ONE block below listing everything it may not
 * import: a flat config's later block replaces an earlier block's options for the same rule, so
 * restrictions split over overlapping blocks would silently drop each other. The `files` of the
 * boundary blocks therefore never overlap.
 *
 * `@typescript-eslint/no-restricted-imports` (not the core rule) so that a restriction can let
 * type-only imports through (`allowTypeImports`). Patterns match the import's text as written
 * (relative paths included), gitignore-style. Neither rule sees `import()` expressions; the one
 * boundary a dynamic import crosses today (the CLI's `serve` loading the HTTP server) is checked
 * with `no-restricted-syntax` instead.
 */

/** The project root (import.meta.dirname needs Node 20.11; package.json allows any Node 20). */
const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The database drivers: only src/db/dialects/ talks to them, so a third dialect is one folder. */
const DRIVERS = {
  group: ['better-sqlite3', 'pg', 'pg-copy-streams'],
  message: 'Only src/db/dialects/ may use a database driver; go through src/db (Kysely, the SqlRunner) instead.',
};
/** The adapters are the outermost layer: nothing below them may depend on one. */
const HTTP = { group: ['**/http/**'], message: 'The HTTP adapter sits on top: nothing but itself imports src/http.' };
const CLI = { group: ['**/cli/**'], message: 'The CLI adapter sits on top: nothing but itself imports src/cli.' };

/** A `no-restricted-imports` entry forbidding every group given. */
function forbid(...patterns) {
  return { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

/**
 * A `no-restricted-syntax` entry forbidding `import(...)` of a path matching `regex` (a string;
 * esquery's regex literals cannot hold a `/`, so write it as \x2F).
 */
function forbidDynamicImport(regex, message) {
  return { 'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex}/]`, message }] };
}

/**
 * src/db's one permitted view of the pipeline: the storage interface it implements and the data
 * types that cross it, as types only (no pipeline code runs inside src/db).
 */
const IMPORT_TYPES_ONLY = [
  {
    group: ['**/import/import-store.js', '**/import/types.js'],
    allowTypeImports: true,
    message:
      "src/db may import only the types of the pipeline's storage interface (import type { … } from src/import/import-store.js or types.js).",
  },
  {
    group: ['**/import/**', '!**/import/import-store.js', '!**/import/types.js'],
    message: 'src/db implements the storage src/import/import-store.ts defines; it does not call the pipeline.',
  },
];

/**
 * `roster/stay-inside`: a relative import must resolve inside the folder given (from the project
 * root). A path pattern cannot say this: how many `../` leave a folder depends on how deep the
 * importing file sits.
 */
const stayInside = {
  meta: { type: 'problem', schema: [{ type: 'object', properties: { folder: { type: 'string' }, message: { type: 'string' } } }] },
  create(context) {
    const { folder, message } = context.options[0];
    const root = path.resolve(ROOT, folder);
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source.value);
      if (target !== root && !target.startsWith(root + path.sep)) context.report({ node: source, message });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', '.tmp/', 'coverage/', 'artifacts/'] },
  js.configs.recommended,
  // Type-aware: the rules that need the types (floating promises, unsafe `any`, awaiting non-promises…).
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Every TypeScript file is in one of these: tsconfig.test.json (src/ with its unit tests,
        // test/, scripts/, bench/, vite.config.ts); web/ has its own (DOM, JSX, bundler resolution).
        project: ['./tsconfig.test.json', './web/tsconfig.json'],
        tsconfigRootDir: ROOT,
      },
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
      // node:test's describe() and it() return promises the runner itself tracks; awaiting them is not needed.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      // Off: an async function without `await` is how Roster meets APIs that take a promise-returning
      // function (Fastify plugins and hooks, rate-limit stores); the rule flags the contract, not a bug.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON answers as `any` on purpose (test/http/helpers.ts `Answer.body`): the assertions
    // are the shape check, so the no-unsafe-* rules would only ask for casts that check nothing.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (this file, bin/, scripts/run-tests.mjs) is in no tsconfig: no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The web UI: React's rules of hooks, and the React Compiler's checks that ship with them.
    files: ['web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // useAsync(load, deps) takes its deps as useEffect does: check them at each call too.
      'react-hooks/exhaustive-deps': ['warn', { additionalHooks: '^useAsync$' }],
    },
  },

  // ---- Import boundaries (see the top of the file) -------------------------------------------
  {
    // The domain core depends on nothing below it: no database, no HTTP, no CLI, no import
    // pipeline, no framework or driver. It is what every other part is allowed to share.
    files: ['src/core/**/*.ts'],
    rules: forbid(
      {
        group: ['**/db/**', '**/http/**', '**/cli/**', '**/import/**', '**/config.js'],
        message: 'src/core is the pure domain: it imports only src/core.',
      },
      {
        group: ['kysely', 'fastify', 'fastify-*', '@fastify/*', 'commander', ...DRIVERS.group],
        message: 'src/core uses no framework or driver.',
      },
    ),
  },
  {
    // The import pipeline is called by both adapters (HTTP and CLI), so it may depend on neither;
    // it reaches the database through src/db, never a driver.
    files: ['src/import/**/*.ts'],
    rules: forbid(HTTP, CLI, DRIVERS),
  },
  {
    // The database layer implements the storage the pipeline defines: it may see the pipeline's
    // storage interface and data types (type-only: no pipeline code runs inside src/db), never the
    // pipeline itself, and never an adapter. Drivers stay in src/db/dialects/ (next block).
    files: ['src/db/**/*.ts'],
    ignores: ['src/db/dialects/**'],
    rules: forbid(HTTP, CLI, DRIVERS, ...IMPORT_TYPES_ONLY),
  },
  {
    // The dialects are the one place that talks to the drivers; the rest of src/db's rules hold.
    files: ['src/db/dialects/**/*.ts'],
    rules: forbid(HTTP, CLI, ...IMPORT_TYPES_ONLY),
  },
  {
    // Routes reach imports through the import library, never its tables: the lifecycle rules live
    // in src/import/ where the CLI can call them too. Repositories stay open to the other routes.
    // The HTTP adapter never uses the CLI: both are adapters over the same library.
    files: ['src/http/**/*.ts'],
    rules: forbid(CLI, DRIVERS, {
      group: ['**/db/imports/**'],
      message: 'Routes reach imports through src/import (the use cases), never its tables in src/db/imports.',
    }),
  },
  {
    // The CLI never imports the HTTP adapter statically, so commands other than `serve` never load
    // Fastify; `serve` loads the server with `import()` (the next block allows exactly that one).
    files: ['src/cli/**/*.ts'],
    rules: {
      ...forbid(HTTP, DRIVERS),
      ...forbidDynamicImport('(^|\\x2F)http\\x2F', 'Only `roster serve` loads the HTTP adapter, with import("../../http/server.js").'),
    },
  },
  {
    // `roster serve` starts the HTTP server: its one entry point, src/http/server.ts, loaded on
    // demand so that the other commands start without Fastify.
    files: ['src/cli/commands/serve.ts'],
    rules: forbidDynamicImport(
      '(^|\\x2F)http\\x2F(?!server\\.js$)',
      '`roster serve` loads only the HTTP server entry point (../../http/server.js).',
    ),
  },
  {
    // Outbound mail: the HTTP routes and the CLI hand it a link to send. It writes and sends
    // messages only, so it needs neither the database nor the import, and no adapter.
    files: ['src/mail/**/*.ts'],
    rules: forbid(HTTP, CLI, DRIVERS, {
      group: ['**/db/**', '**/import/**'],
      message: 'src/mail writes and sends messages; the adapters read the database and hand it what to send.',
    }),
  },
  {
    // src/config.ts and any other file at the top of src/: shared by every part, so no adapter and no driver.
    files: ['src/*.ts'],
    rules: forbid(HTTP, CLI, DRIVERS),
  },
  {
    // The web UI is a separate program (built by Vite, run in the browser): it talks to the server
    // over HTTP only. Its API types are generated into web/src/api/ (npm run api-types), so it
    // imports nothing from the server's src/ and no server-side package.
    files: ['web/**/*.{ts,tsx}'],
    plugins: { roster: { rules: { 'stay-inside': stayInside } } },
    rules: {
      'roster/stay-inside': [
        'error',
        {
          folder: 'web',
          message: 'The web UI imports nothing from outside web/ (the server is src/); use the generated web/src/api types.',
        },
      ],
      ...forbid({
        group: ['fastify', 'fastify-*', '@fastify/*', 'kysely', 'commander', ...DRIVERS.group, 'node:*'],
        message: 'The web UI runs in the browser: no server-side package.',
      }),
    },
  },
);
