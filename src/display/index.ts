/** Output for long work wherever it runs: tslab kernel outputs, a terminal line, throttled log lines. */
export * from './kernel';
export * from './progress';
export * from './run-progress';
