import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument } from '../../apps/api/src/openapi.document';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * The web app's API types (apps/web/src/api/schema.d.ts) are generated from the API's OpenAPI document;
 * this fails when someone changes a route or DTO and does not run `npm run api:types`.
 */
describe('the web client\'s API types', () => {
  it('match the API\'s OpenAPI document (run `npm run api:types` when this fails)', async () => {
    const doc = await buildOpenApiDocument();
    expect(Object.keys(doc.paths)).toContain('/api/auth/sign-in-config');
    const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      let output = '';
      try {
        output = execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'api-types.mjs'), '--check', '--from', file], { encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        const err = e as { stderr?: string; stdout?: string };
        throw new Error(`${err.stderr ?? ''}${err.stdout ?? ''}`);
      }
      expect(output).toContain('matches');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
