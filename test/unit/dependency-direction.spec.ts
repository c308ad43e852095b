import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * Which way the folders of apps/api/src may depend on one another (issue 16, part 4). Reads every
 * TypeScript file's relative imports (`import`, `import type`, `export … from`, `import()`, `require()`)
 * and fails on
 *  - a file in `queues/` that imports anything but the infrastructure below it: queues are
 *    infrastructure, each feature registers its own queue and workers;
 *  - a file in `notifications/` that imports a feature sending mail through it (`minutes/`, `feedback/`):
 *    those register a DeliveryHandler instead, so the dependency points from them to notifications;
 *  - a cycle between folders, other than the one still known (listed below, to be taken apart).
 * The composition files — those at the top of apps/api/src (the app, the worker process, the list of
 * workers) and the entity list `database/entities.ts` — put every feature together and are left out.
 */

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'apps', 'api', 'src');

/** What `queues/` may import: the configuration, the clock and helpers, the actor context, the sign-in guard of its dashboard. */
const QUEUES_MAY_IMPORT = new Set(['queues', 'config', 'common', 'database', 'auth']);
/** Features whose mail the notifications worker sends through their registered handlers. */
const NOT_FROM_NOTIFICATIONS = ['minutes', 'feedback'];
/**
 * Cycles between folders that exist today, each a set of folders; a cycle must lie within one of them.
 * requests → notifications (the triage notice is queued in the decision's transaction) → meetings
 * (outbox kinds, the deliveries routes) → requests (the meeting of a request).
 */
const KNOWN_CYCLES: ReadonlyArray<ReadonlySet<string>> = [new Set(['requests', 'notifications', 'meetings'])];

/** Files that put the features together, relative to apps/api/src. */
function isComposition(file: string): boolean {
  return !file.includes('/') || file === 'database/entities.ts';
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

/** The folder under apps/api/src of each relative import of `file` that stays inside apps/api/src. */
export function importedFolders(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const target = posix.normalize(posix.join(posix.dirname(file), m[1]));
    if (target.startsWith('../')) continue; // outside apps/api/src (libs are imported by name)
    out.push(target.includes('/') ? target.split('/')[0] : '');
  }
  return out;
}

/** Strongly connected sets of two or more folders in the graph (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Every breach of the rules above in `files` (path relative to apps/api/src, with `/` → source text). */
export function directionFindings(files: Map<string, string>): string[] {
  const findings = new Set<string>();
  const edges = new Map<string, Set<string>>();
  for (const [file, text] of files) {
    if (isComposition(file)) continue;
    const from = file.split('/')[0];
    for (const to of importedFolders(file, text)) {
      if (to === from) continue;
      if (from === 'queues' && !QUEUES_MAY_IMPORT.has(to)) findings.add(`${file} imports ${to || 'a top-level file'}/: queues/ is infrastructure and knows no feature`);
      if (from === 'notifications' && NOT_FROM_NOTIFICATIONS.includes(to)) findings.add(`${file} imports ${to}/: ${to}/ sends its mail through a DeliveryHandler it registers, notifications/ does not call it`);
      if (to) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
  }
  for (const c of cycles(edges)) {
    if (!KNOWN_CYCLES.some((known) => c.every((f) => known.has(f)))) findings.add(`the folders ${c.join(', ')} import one another in a cycle`);
  }
  return [...findings];
}

function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.set(relative(SRC, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return out;
}

describe('which way the API folders depend on one another', () => {
  it('holds in apps/api/src', () => {
    const files = sources(SRC);
    expect(files.size).toBeGreaterThan(100);
    expect(files.has('queues/queues.service.ts') && files.has('notifications/notifications.processor.ts')).toBe(true);
    expect(directionFindings(files)).toEqual([]);
  });

  it('reads every form of relative import, and only those inside apps/api/src', () => {
    const text = [
      `import { A } from '../minutes/a';`,
      `import type { B } from "../feedback/b";`,
      `export { C } from '../scheduling/c';`,
      `const d = await import('../meetings/d');`,
      `const e = require('../teams/e');`,
      `import '../rooms/side-effect';`,
      `import { F } from './f';`,
      `import { G } from '../../../../libs/domain/src';`,
      `import { H } from '@kohtaamo/domain';`,
    ].join('\n');
    expect(importedFolders('queues/x.ts', text)).toEqual(['minutes', 'feedback', 'scheduling', 'meetings', 'teams', 'rooms', 'queues']);
  });

  it('fails on queues/ importing a feature, notifications/ importing minutes/ or feedback/, and a new cycle', () => {
    const files = new Map([
      ['queues/workers.module.ts', `import { MinutesProcessor } from '../minutes/minutes.processor';\nimport { API_CONFIG } from '../config/config.module';`],
      ['notifications/notifications.processor.ts', `import { MinutesMailer } from '../minutes/minutes-mail.service';`],
      ['minutes/minutes.processor.ts', `import { OutboxRelay } from '../notifications/outbox-relay.service';`],
      ['feedback/feedback-mail.service.ts', `import type { DeliveryRow } from '../notifications/delivery.repository';`],
      ['app.module.ts', `import { QueuesModule } from './queues/queues.module';`],
    ]);
    expect(directionFindings(files)).toEqual([
      'queues/workers.module.ts imports minutes/: queues/ is infrastructure and knows no feature',
      'notifications/notifications.processor.ts imports minutes/: minutes/ sends its mail through a DeliveryHandler it registers, notifications/ does not call it',
      'the folders minutes, notifications import one another in a cycle',
    ]);
  });

  it('accepts the cycle still known, but not one that grows out of it', () => {
    const known = new Map([
      ['requests/requests.service.ts', `import { queueTriageNotice } from '../notifications/triage-notice';`],
      ['notifications/deliveries.service.ts', `import { MeetingsService } from '../meetings/meetings.service';`],
      ['meetings/meetings.service.ts', `import { RequestsService } from '../requests/requests.service';`],
    ]);
    expect(directionFindings(known)).toEqual([]);
    known.set('meetings/meetings.module.ts', `import { TeamsModule } from '../teams/teams.module';`);
    known.set('teams/teams.service.ts', `import { MeetingsService } from '../meetings/meetings.service';`);
    expect(directionFindings(known)).toEqual(['the folders meetings, notifications, requests, teams import one another in a cycle']);
  });
});
