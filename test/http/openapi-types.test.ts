import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { API_TYPES_PATH, generateApiTypes } from '../../scripts/generate-api-types.js';

describe('the web app’s API types', () => {
  it('web/src/api/openapi.d.ts is what the current routes generate', async () => {
    const committed = fs.existsSync(API_TYPES_PATH) ? fs.readFileSync(API_TYPES_PATH, 'utf8') : '';
    const fresh = await generateApiTypes();
    assert.ok(
      committed === fresh,
      'web/src/api/openapi.d.ts is stale: a route’s schema changed. Run `npm run api-types` (npm run build does too) and commit the file.',
    );
  });
});
