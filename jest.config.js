// Four tiers (docs/architecture.md): unit = pure logic beside its source (*.spec.ts) and test/unit;
// db = the schema and its roles against a real PostgreSQL (*.db-spec.ts); service = the API's services
// wired by Nest on a real PostgreSQL, called directly, no HTTP (test/service/*.service-spec.ts);
// e2e = HTTP, sockets, browser (test/**/*.e2e-spec.ts).
const moduleNameMapper = {
  '^@kohtaamo/config$': '<rootDir>/libs/config/src',
  '^@kohtaamo/domain$': '<rootDir>/libs/domain/src',
  '^@kohtaamo/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@kohtaamo/protocol$': '<rootDir>/libs/protocol/src',
  '^@kohtaamo/scheduling$': '<rootDir>/libs/scheduling/src',
  '^@kohtaamo/scheduling/(.*)$': '<rootDir>/libs/scheduling/src/$1',
};
// jose 6 ships only ES modules: jest's CommonJS runtime needs it transpiled (Node itself require()s it).
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const common = { rootDir: __dirname, moduleNameMapper, transform, transformIgnorePatterns, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  // jest's own time limit per test and hook, not an assertion: set-ups that migrate a database and start
  // the API take a few seconds on an idle 2-core machine and far more on a loaded one;
  // a test API also loads the Finnish morphology and the name and word lists once per file (about 0.8 s)
  testTimeout: 30_000,
  projects: [
    // test/unit: checks over the repository itself (e.g. that nothing cites a document outside it)
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'db', testMatch: ['<rootDir>/apps/**/*.db-spec.ts', '<rootDir>/test/**/*.db-spec.ts'] },
    { ...common, displayName: 'service', testMatch: ['<rootDir>/test/service/**/*.service-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
