/**
 * Layers point one way. The library core (data, models, curvature, tuners, training, the run
 * store, …) imports none of the presentation layers; experiments and analysis do not import the
 * notebook helpers; only the public index re-exports src/notebook; scripts and the bench use the
 * one public import path (`src/index.ts`), and the index gives every export one name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const CORE = ['autodiff', 'backend', 'checkpoint', 'config', 'curvature', 'data', 'linalg', 'model', 'nn', 'objective', 'store', 'train', 'tuners', 'util'];
const PRESENTATION = ['display', 'viz', 'notebook', 'experiments', 'analysis', 'cli', 'cluster'];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The files a module imports (relative specifiers resolved; packages left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\('(\.[^']+)'\)/g)].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

/** The top folder of src/ a path is in ('' for src/index.ts and other top-level files). */
function area(p: string): string {
  const rel = path.relative(SRC, p);
  return rel.includes(path.sep) ? rel.split(path.sep)[0] : '';
}

const srcFiles = filesUnder(SRC);

test('the library core imports no presentation layer (display, viz, notebook, experiments, analysis, cli)', () => {
  const bad = srcFiles.filter((f) => CORE.includes(area(f)))
    .flatMap((f) => importsOf(f).filter((i) => PRESENTATION.includes(area(i))).map((i) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, i)}`));
  assert.deepEqual(bad, []);
});

test('nothing in src/ but the public index imports src/notebook', () => {
  const bad = srcFiles.filter((f) => area(f) !== 'notebook' && f !== path.join(SRC, 'index.ts'))
    .flatMap((f) => importsOf(f).filter((i) => area(i) === 'notebook').map((i) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, i)}`));
  assert.deepEqual(bad, []);
});

test('scripts and the bench import the library only through its public index', () => {
  const users = [...filesUnder(path.join(ROOT, 'scripts')), ...filesUnder(path.join(ROOT, 'bench'))];
  const bad = users.flatMap((f) => importsOf(f)
    .filter((i) => i.startsWith(SRC + path.sep) && i !== SRC && i !== path.join(SRC, 'index'))
    .map((i) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, i)}`));
  assert.deepEqual(bad, []);
});

test('the public index gives every export one name (no `x as y` renames)', () => {
  const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'utf8');
  const renames = [...index.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',')).map((s) => s.trim()).filter((s) => / as /.test(s));
  assert.deepEqual(renames, []);
});
