import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Data access lives in repositories (issue 16; docs/architecture.md): SQL — a `.query(` call or a
 * TypeORM `createQueryBuilder(` — is written only in `*.repository.ts` files, each an injectable class
 * with named, typed methods that return domain-shaped rows. Services, processors, controllers and
 * interceptors call those methods and keep the rules.
 *
 * This walks the source files git knows under apps/ and libs/ and lists those that still hold SQL,
 * leaving out what is not a feature's data access: repositories, specs, apps/api/src/database/ (the data
 * source, actor settings, scratch databases), cli/ and seed/ (one-off tools), and the connectivity
 * probes listed in INFRASTRUCTURE. Migrations (migrations/) and benchmarks (bench/) are outside apps/.
 *
 * The list must equal STILL_TO_MOVE: a file that gains SQL fails (move the statement into the feature's
 * repository), and so does a file that no longer holds any (take it off the list, so it stays that way).
 * The list can only shrink.
 */

const ROOT = join(__dirname, '..', '..');

/** Files that still hold SQL, to be moved into repositories (issue 16, part 2): none any more. Keep it empty. */
const STILL_TO_MOVE: readonly string[] = [];

/** Connectivity probes, not data access: each sends `SELECT 1` or reads the role it logged in as. */
const INFRASTRUCTURE: readonly string[] = [
  // before Nest starts, with a plain pg client: does PostgreSQL answer, and is the app role one RLS holds
  'apps/api/src/config/preflight.ts',
  // GET /api/health: does PostgreSQL answer
  'apps/api/src/health/health.controller.ts',
];

/** A `.query(` call (also `.query<Row>(`) or a TypeORM query builder. */
const SQL_CALL = /\.query\s*(?:<[^>()]*>)?\s*\(|\bcreateQueryBuilder\s*\(/;

export function holdsSql(text: string): boolean {
  return SQL_CALL.test(text);
}

/** Whether a path (relative to the repository's root) is outside the rule. */
export function exempt(path: string): boolean {
  return (
    !/^(apps|libs)\//.test(path) ||
    !/\.(ts|tsx|mts|cts)$/.test(path) ||
    /\.repository\.ts$/.test(path) ||
    /\.(spec|db-spec|e2e-spec|service-spec)\.tsx?$/.test(path) ||
    /(^|\/)(migrations|bench)\//.test(path) ||
    /^apps\/api\/src\/(database|cli|seed)\//.test(path) ||
    INFRASTRUCTURE.includes(path)
  );
}

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'apps', 'libs'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)));
}

describe('SQL only in repositories', () => {
  it('the rule finds SQL calls, and only those', () => {
    expect(holdsSql('const rows = await this.db.query(`SELECT 1`);')).toBe(true);
    expect(holdsSql('await (tx ?? this.db).query(\n  `INSERT …`, values);')).toBe(true);
    expect(holdsSql('const { rows } = await pg.query<Row>(`SELECT …`);')).toBe(true);
    expect(holdsSql("const qb = this.persons.createQueryBuilder('p');")).toBe(true);
    expect(holdsSql('return this.accessLog.page(q);')).toBe(false);
    expect(holdsSql('const q = req.query;')).toBe(false);
    expect(exempt('apps/api/src/auth/access.repository.ts')).toBe(true);
    expect(exempt('apps/api/src/database/actor-settings.ts')).toBe(true);
    expect(exempt('apps/api/src/auth/client-data.interceptor.spec.ts')).toBe(true);
    expect(exempt('apps/api/src/auth/access-log.service.ts')).toBe(false);
    expect(exempt('apps/api/src/scheduling/calendar-sync.processor.ts')).toBe(false);
  });

  it('no service, processor, controller or interceptor holds SQL beyond the files still to be moved', () => {
    const files = sourceFiles();
    expect(files).toContain('apps/api/src/auth/access.repository.ts');
    const withSql = files.filter((f) => !exempt(f) && holdsSql(readFileSync(join(ROOT, f), 'utf8'))).sort();

    const gained = withSql.filter((f) => !STILL_TO_MOVE.includes(f));
    const cleared = STILL_TO_MOVE.filter((f) => !withSql.includes(f));
    const problems = [
      ...gained.map(
        (f) =>
          `${f} holds SQL (.query( or createQueryBuilder() outside a *.repository.ts: move the statement into the feature's repository ` +
          `(an @Injectable() class in <feature>/<name>.repository.ts with a named, typed method returning domain-shaped rows; ` +
          `give it the caller's EntityManager when it runs inside a transaction), register it as a provider, inject it and call that method`,
      ),
      ...cleared.map((f) => `${f} no longer holds SQL (or is gone): take it off STILL_TO_MOVE in test/unit/no-sql-in-services.spec.ts, so that it stays that way`),
    ];
    expect(problems).toEqual([]);
  });
});
