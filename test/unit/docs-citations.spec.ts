import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * Nothing in the repository cites a document outside it: the domain, the design and the measured facts
 * are docs/domain.md, docs/architecture.md and docs/measurements.md. This walks every file git knows
 * (tracked, and new ones not ignored) and fails on
 *  - a citation of the old out-of-tree briefs by their bare names (the three upper-case `*.md` names
 *    below), or of the shared folder they lived in;
 *  - a path to a `docs/…md` file that does not exist, or a Markdown link to a heading it does not have.
 */

const ROOT = join(__dirname, '..', '..');
const SELF = relative(ROOT, __filename);

/** Files that are not prose or code written here: generated, vendored or binary. */
const SKIPPED = [/^package-lock\.json$/, /\.(png|jpe?g|gif|ico|pdf|woff2?|ttf|eml)$/i];

// Built from parts, so that this file does not match itself.
const OLD_BRIEFS = new RegExp(`(?<![\\w/.-])((?:${['DOMAIN', 'DESIGN', 'NOTES'].join('|')})\\.md)\\b`, 'g');
const OUTSIDE = new RegExp(['/work', 'shared'].join('/'), 'g');
/** `docs/x.md`, `../../docs/x.md`, optionally with `#anchor`. */
const DOCS_PATH = /(?<![\w./-])((?:\.\.\/)*docs\/[\w./-]+?\.md)(#[\w-]+)?/g;
/** Inside docs/: a relative Markdown link `](x.md)` or `](x.md#anchor)`. */
const RELATIVE_LINK = /\]\(((?!https?:|\/|#)[\w./-]+?\.md)(#[\w-]+)?\)/g;

export interface Finding {
  file: string;
  line: number;
  problem: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    anchors.add(m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}

/**
 * The problems in one file's text. `exists(path)` and `read(path)` answer for paths relative to the
 * repository's root (injected, so the rule itself can be tested on made-up text).
 */
export function findings(file: string, text: string, exists: (p: string) => boolean, read: (p: string) => string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(OLD_BRIEFS)) {
    out.push({ file, line: lineOf(text, m.index), problem: `cites ${m[1]}, which is not in the repository: cite docs/domain.md, docs/architecture.md or docs/measurements.md` });
  }
  for (const m of text.matchAll(OUTSIDE)) {
    out.push({ file, line: lineOf(text, m.index), problem: `cites ${m[0]}, a folder outside the repository` });
  }
  const targets: Array<{ index: number; path: string; anchor: string | undefined; shown: string }> = [];
  for (const m of text.matchAll(DOCS_PATH)) {
    // `../docs/x.md` is relative to the file (a Markdown link); `docs/x.md` to the repository's root
    const path = m[1].startsWith('../') ? normalize(join(dirname(file), m[1])) : m[1];
    targets.push({ index: m.index, path, anchor: m[2]?.slice(1), shown: m[0] });
  }
  if (file.startsWith('docs/')) {
    for (const m of text.matchAll(RELATIVE_LINK)) {
      if (m[1].includes('docs/')) continue; // seen above
      targets.push({ index: m.index, path: normalize(join(dirname(file), m[1])), anchor: m[2]?.slice(1), shown: m[1] + (m[2] ?? '') });
    }
  }
  for (const t of targets) {
    if (!exists(t.path)) {
      out.push({ file, line: lineOf(text, t.index), problem: `cites ${t.shown}, but ${t.path} does not exist` });
    } else if (t.anchor !== undefined && !anchorsOf(read(t.path)).has(t.anchor)) {
      out.push({ file, line: lineOf(text, t.index), problem: `links ${t.shown}, but ${t.path} has no heading #${t.anchor}` });
    }
  }
  return out;
}

function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return listed
    .split('\0')
    .filter((f) => f !== '' && f !== SELF && !SKIPPED.some((re) => re.test(f)))
    .filter((f) => existsSync(join(ROOT, f)) && lstatSync(join(ROOT, f)).isFile()); // not a deletion not yet committed, nor a symlink
}

const onDisk = (p: string): boolean => existsSync(join(ROOT, p));
const fromDisk = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

describe('citations of documents', () => {
  it('the rule finds what it should, and only that', () => {
    const docs: Record<string, string> = { 'docs/domain.md': '# The domain\n## The law that applies\n' };
    const has = (p: string): boolean => p in docs;
    const get = (p: string): string => docs[p] ?? '';
    const problems = (file: string, text: string): string[] => findings(file, text, has, get).map((f) => `${f.line}:${f.problem}`);

    expect(problems('a.ts', `// see ${'DOMAIN'}.md\n// and ${'NOTES'}.md`)).toEqual([expect.stringMatching(/^1:cites DOMAIN\.md/), expect.stringMatching(/^2:cites NOTES\.md/)]);
    expect(problems('a.ts', `// ${['/work', 'shared', 'x'].join('/')}`)).toHaveLength(1);
    expect(problems('a.ts', '// docs/domain.md and docs/domain.md#the-law-that-applies')).toEqual([]);
    expect(problems('a.ts', '// docs/design.md')).toEqual([expect.stringMatching(/docs\/design\.md does not exist/)]);
    expect(problems('a.ts', '// docs/domain.md#no-such-heading')).toEqual([expect.stringMatching(/no heading #no-such-heading/)]);
    expect(problems('apps/sfu/README.md', '[x](../../docs/domain.md#the-domain)')).toEqual([]);
    expect(problems('apps/sfu/README.md', '[x](../docs/domain.md)')).toEqual([expect.stringMatching(/apps\/docs\/domain\.md does not exist/)]);
    expect(problems('docs/other.md', '[d](domain.md) [e](missing.md)')).toEqual([expect.stringMatching(/docs\/missing\.md does not exist/)]);
  });

  it('headings become the anchors GitHub makes', () => {
    expect([...anchorsOf('## mediasoup (2026-11-28)\n### Several workers and nodes\n# The law: § 11, act 703/2023')]).toEqual([
      'mediasoup-2026-11-28',
      'several-workers-and-nodes',
      'the-law--11-act-7032023',
    ]);
  });

  it('no file in the repository cites a document outside it, or a docs/ file or heading that is not there', () => {
    const files = repositoryFiles();
    expect(files).toContain('docs/architecture.md');
    expect(files.length).toBeGreaterThan(100);
    const found: Finding[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (text.includes('\0')) continue; // binary
      found.push(...findings(file, text, onDisk, fromDisk));
    }
    expect(found.map((f) => `${f.file}:${f.line}: ${f.problem}`)).toEqual([]);
  });
});
