/** The first line of an error's message (one-line reasons from multi-line native errors). */
export function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
