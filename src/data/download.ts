/**
 * Downloads a URL to a file: follows redirects, shows progress, checks the md5 while streaming,
 * and writes atomically (a temp file renamed into place only when complete and verified), so a
 * failed or interrupted download never leaves a half-written file under the final name.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { DataError } from './data-error';
import { createProgressBar, ProgressSink } from './progress-bar';

/** Options of `downloadFile`. */
export interface DownloadOptions {
  /** Reject the download unless its md5 equals this (32 hex digits). */
  readonly expectedMd5?: string;
  /** Where the progress bar goes; default process.stderr; null for none. */
  readonly progress?: ProgressSink | null;
  /** Redirects to follow; default 5. */
  readonly maxRedirects?: number;
  /** Abort when no byte arrives for this long, in ms; default 30000. */
  readonly idleTimeoutMs?: number;
  /** Appended to network errors: how to proceed without the network. */
  readonly offlineHint?: string;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

/**
 * Downloads `url` to `dest` (http or https), verifying the md5 when given.
 * @param url where to fetch from.
 * @param dest final path; written only when the transfer completed and the md5 matched.
 * @param options md5, progress sink, redirect limit, idle timeout, offline hint.
 * @returns the md5 of the downloaded bytes.
 * @throws DataError ("no network: …") when the host is unreachable, on an HTTP error status, or on an md5 mismatch.
 * @example await downloadFile('https://example.org/x.tar.gz', 'data/x.tar.gz', { expectedMd5: 'c32a…' });
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const temp = `${dest}.download-${process.pid}`;
  try {
    const md5 = await fetchToFile(url, temp, options, options.maxRedirects ?? 5);
    if (options.expectedMd5 !== undefined && md5 !== options.expectedMd5.toLowerCase()) {
      throw new DataError(
        `downloaded ${url} has md5 ${md5}, expected ${options.expectedMd5}: the file is corrupt or not the expected one; nothing was kept`,
        dest,
      );
    }
    fs.renameSync(temp, dest);
    return md5;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function fetchToFile(url: string, temp: string, options: DownloadOptions, redirectsLeft: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : url.startsWith('http:') ? http : undefined;
    if (!client) { reject(new DataError(`cannot download ${url}: only http and https URLs are supported`)); return; }
    const request = client.get(url, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirectsLeft <= 0) { reject(new DataError(`download of ${url} failed: too many redirects`)); return; }
        fetchToFile(new URL(location, url).toString(), temp, options, redirectsLeft - 1).then(resolve, reject);
      } else if (status !== 200) {
        response.resume();
        reject(new DataError(`download of ${url} failed: HTTP ${status} ${response.statusMessage ?? ''}`.trim()));
      } else {
        saveResponse(response, url, temp, options).then(resolve, reject);
      }
    });
    request.setTimeout(options.idleTimeoutMs ?? 30000, () => request.destroy(withCode('timed out', 'ETIMEDOUT')));
    request.on('error', (err) => reject(describeFailure(url, err, options.offlineHint)));
  });
}

/** Streams a 200 response into `temp`, hashing and reporting progress; resolves to the md5. */
function saveResponse(response: http.IncomingMessage, url: string, temp: string, options: DownloadOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const total = Number(response.headers['content-length']) || undefined;
    const sink = options.progress === undefined ? process.stderr : options.progress;
    const bar = createProgressBar(sink, path.basename(new URL(url).pathname), total);
    const hash = crypto.createHash('md5');
    const out = fs.createWriteStream(temp);
    let received = 0;
    const fail = (err: unknown): void => { out.destroy(); reject(describeFailure(url, err, options.offlineHint)); };
    response.on('data', (chunk: Buffer) => { hash.update(chunk); received += chunk.length; bar.update(received); });
    response.on('error', fail);
    response.on('aborted', () => fail(withCode('connection closed early', 'ECONNRESET')));
    out.on('error', fail);
    out.on('finish', () => {
      if (total !== undefined && received !== total) { fail(withCode('connection closed early', 'ECONNRESET')); return; }
      bar.done();
      resolve(hash.digest('hex'));
    });
    response.pipe(out);
  });
}

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function describeFailure(url: string, err: unknown, hint: string | undefined): Error {
  if (err instanceof DataError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = `${code || (err as Error).message}`;
  if (NETWORK_CODES.has(code)) {
    return new DataError(`no network: cannot reach ${url} (${reason})${hint ? `; ${hint}` : ''}`);
  }
  return new DataError(`download of ${url} failed: ${reason}`);
}
