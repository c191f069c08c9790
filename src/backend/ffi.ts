/**
 * The FFI the native kernels load their libraries through: koffi 2.x, which ships its binaries
 * inside the npm package (3.x downloads them at install and fails offline).
 */
import { firstLine } from '../util/first-line';

export type Koffi = typeof import('koffi');

/**
 * @returns koffi, or the one-line reason it did not load.
 * @example const koffi = loadKoffi(); if (typeof koffi !== 'string') koffi.load('libopenblas.so.0');
 */
export function loadKoffi(): Koffi | string {
  try {
    return require('koffi') as Koffi;
  } catch (err) {
    return `the FFI package koffi did not load (${firstLine(err)}); run npm ci`;
  }
}
