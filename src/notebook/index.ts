/**
 * What a notebook needs besides the library: interrupts, parameters, the scale, display and
 * figure paths. Everything but interrupts and parameters is defined in its own layer and only
 * re-exported here (one name each), so library code never imports this folder.
 */
export * from './interrupt';
export * from './params';
export { scaleFromEnv, PUBLISHED_SCALE, SCALE_PRESETS } from '../config/scale-preset';
export type { ScalePreset } from '../config/scale-preset';
export * from '../display';
export { figuresDir, figuresDirFor } from '../viz/figures-dir';
export { projectRoot } from '../util/project-root';
