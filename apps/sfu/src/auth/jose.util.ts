/**
 * jose 6 is published as ES modules only. Node >= 20.19 loads it with require(); jest's CommonJS
 * runtime cannot, so it is loaded through Node's own loader (process.getBuiltinModule bypasses jest's
 * module registry). Types are jose's own. Once jest transforms jose (transformIgnorePatterns) this can
 * become a plain `import * as jose from 'jose'`.
 */
import type * as Jose from 'jose';

export const jose: typeof Jose = process.getBuiltinModule('node:module').createRequire(__filename)('jose') as typeof Jose;
