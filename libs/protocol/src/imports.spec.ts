import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser bundle imports this library whole (apps/web vite.config.ts): its modules may import only
 * each other — no Node built-in, no package (jose, NestJS…), nothing from apps/ — so that no server code
 * can reach the web page through it. Spec files are not part of the bundle and are skipped.
 */
describe('libs/protocol imports', () => {
  const modules = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it('has modules to check', () => {
    expect(modules).toEqual(expect.arrayContaining(['index.ts', 'signalling.ts', 'tokens.ts']));
  });

  it.each(modules)('%s imports only its sibling modules', (file) => {
    const text = readFileSync(join(__dirname, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/\b(?:import|require)\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
    expect(specifiers.filter((s) => !/^\.\/[\w-]+$/.test(s ?? ''))).toEqual([]);
  });
});
