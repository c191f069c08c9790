import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'os';
import { parseOptions } from '../../bench/lib/options';
import { BLAS_THREADS_ENV } from '../../src/backend/blas/blas-threads';

// The bench compares with PyTorch on the same cores: one thread count for both sides.

const saved = process.env[BLAS_THREADS_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[BLAS_THREADS_ENV];
  else process.env[BLAS_THREADS_ENV] = saved;
});

test('--threads defaults to the machine\'s cores, or to SHARPNESS_LAB_BLAS_THREADS when that is set', () => {
  delete process.env[BLAS_THREADS_ENV];
  assert.equal(parseOptions([]).threads, os.cpus().length);
  process.env[BLAS_THREADS_ENV] = '3';
  assert.equal(parseOptions([]).threads, 3);
  assert.equal(parseOptions(['--threads', '1']).threads, 1);
});

test('a thread count that is not a positive integer is refused, naming where it came from', () => {
  assert.throws(() => parseOptions(['--threads', '0']), /--threads needs a positive number/);
  assert.throws(() => parseOptions(['--threads', '1.5']), /--threads needs a whole number/);
  process.env[BLAS_THREADS_ENV] = 'two';
  assert.throws(() => parseOptions([]), /SHARPNESS_LAB_BLAS_THREADS=two is not a positive integer/);
  assert.equal(parseOptions(['--threads', '2']).threads, 2); // the flag is the count both sides get
});
