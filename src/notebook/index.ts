/** Notebook plumbing: kernel detection/display, progress, interrupts, parameters, paths. */
export * from './kernel';
export * from './progress';
export * from './interrupt';
export * from './params';
export * from './paths';
