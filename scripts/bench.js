#!/usr/bin/env node
// Runs the benchmarks: `npm run bench` (all areas) or `npm run bench -- <area> [...]`.
// Each benchmark is bench/<area>/<name>.bench.ts, compiled by `npm run build`, and prints one JSON line
// per figure on stdout: {"bench":"<area>.<figure>","value":<number>,"unit":"...",...context}.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const areas = ['scheduling', 'booking', 'video', 'queues', 'api', 'network', 'scale', 'privacy', 'metrics', 'web'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const a of wanted) {
  if (!areas.includes(a)) {
    console.error(`unknown bench area "${a}"; choose from: ${areas.join(', ')}`);
    process.exit(2);
  }
}
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
let failed = 0;
for (const area of wanted.length ? wanted : areas) {
  const dir = path.join(root, 'dist', 'bench', area);
  if (!fs.existsSync(dir)) continue;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort()) {
    const r = spawnSync(process.execPath, [path.join(dir, file)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      console.error(`bench ${area}/${file} failed with exit code ${r.status}`);
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);
