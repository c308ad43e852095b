// Lets a child process run the TypeScript sources directly (`node -r ./test/queues/support/ts-register.js
// apps/api/src/worker.ts`), so the crash tests exercise the current code rather than a possibly stale
// dist/. Transpiles each .ts file on load (no type check: jest and tsc do that) with the project's
// compiler options, and maps the @kohtaamo/* paths as tsconfig.json does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  sourceMap: false,
  inlineSourceMap: true,
};
// the @kohtaamo/* libraries, read from tsconfig.json's paths so that a new library needs no entry here
const aliases = Object.fromEntries(
  Object.entries(JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths)
    .filter(([alias]) => !alias.endsWith('*'))
    .map(([alias, [target]]) => [alias, target]),
);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  for (const [alias, target] of Object.entries(aliases)) {
    if (request === alias || request.startsWith(alias + '/')) request = path.join(root, target, request.slice(alias.length));
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
