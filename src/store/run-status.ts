/**
 * status.json: where a run stands. Written atomically (temp + rename), so a reader never sees a
 * half-written status. 'finished' and 'diverged' are final (re-running the config reuses the run);
 * 'running', 'aborted' and 'failed' resume from the last checkpoint.
 */
import * as fs from 'fs';
import { writeFileAtomic } from '../checkpoint/atomic-file';
import { decodeJson, encodeJson, isJsonObject } from '../checkpoint/json-codec';

/** The states a run can be in. */
export type RunState = 'running' | 'finished' | 'diverged' | 'aborted' | 'failed';
/** The states `finish` may set. */
export type FinalState = Exclude<RunState, 'running'>;

/** The content of status.json. */
export interface RunStatus {
  readonly state: RunState;
  /** The last step reached: the latest record's step (or the checkpoint's on resume). */
  readonly step: number;
  /** Human note: why it stopped, what was taken over on resume. */
  readonly message?: string;
  /** ISO-8601 wall-clock time of this write. */
  readonly updated?: string;
}

const STATES: readonly RunState[] = ['running', 'finished', 'diverged', 'aborted', 'failed'];
// Without a status the run is resumable: its checkpoint and the records it covers are kept.
const STATUS_FIX = 'delete it and run the config again (the run resumes from its last checkpoint)';

/**
 * True when the run is done and its records are final ('finished' or 'diverged').
 * @example isCompleteState('diverged') // true
 */
export function isCompleteState(state: RunState): boolean {
  return state === 'finished' || state === 'diverged';
}

/**
 * Reads status.json; undefined when it does not exist yet.
 * @throws Error naming the file when it is not a valid status.
 */
export function readStatus(file: string): RunStatus | undefined {
  if (!fs.existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = decodeJson(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); ${STATUS_FIX}`);
  }
  if (!isJsonObject(json) || !STATES.includes(json.state as RunState) || typeof json.step !== 'number') {
    throw new Error(`${file}: expected {state: ${STATES.join('|')}, step: number, message?, updated?}; ${STATUS_FIX}`);
  }
  return json as unknown as RunStatus;
}

/**
 * Writes status.json atomically, stamping `updated` with the current time.
 * @param file the status.json path.
 * @param status state, step and optional message.
 */
export function writeStatus(file: string, status: Omit<RunStatus, 'updated'>): RunStatus {
  const stamped: RunStatus = { ...status, updated: new Date().toISOString() };
  if (stamped.message === undefined) delete (stamped as { message?: string }).message;
  writeFileAtomic(file, encodeJson(stamped, 2) + '\n');
  return stamped;
}
