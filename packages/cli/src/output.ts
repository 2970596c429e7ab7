/**
 * Writing large results fast and in bounded memory. Results of thousands of series (126 MB of JSON for
 * `outbreak rt` on 1,000 curves) are written piece by piece as they are computed, never built as one document and
 * passed to one `JSON.stringify`; each piece is assembled directly (see `jsonMember`), not an object built only to
 * be serialised — those per-row objects, not the writing, were most of the old 7.4 s. The largest results (rt.ts)
 * go further: bytes written straight into the output buffer, numbers included (number-text.ts).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { CliError } from './cli-command.ts';

/** About how many bytes are gathered before one write: large enough that a write costs little per byte. */
const PIECE = 1 << 20;
/** The most one `room(n)` may ask for: the buffer holds a piece and this much more. */
const MAX_ROOM = 1 << 16;

/**
 * Output to stdout or a file, gathered into pieces of ≈ 1 MB. Text goes in with `write`; the hot loops of large
 * results write bytes straight into `buf` at `pos` after asking `room(n)` (see rt.ts), which spares them a string
 * per number and the encoding of those strings. When the destination is slower than the computation (a pipe to a
 * slow reader, a file on a slow disk) `ready()` waits for it, so memory stays bounded.
 */
export class OutputWriter {
  /** the piece being gathered: bytes `[0, pos)` are to be written */
  buf: Buffer = Buffer.allocUnsafe(PIECE + MAX_ROOM);
  pos = 0;
  private full = false;
  private failure: Error | null = null;

  private constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly file: { path: string; stream: WriteStream } | null,
  ) {
    // A file that cannot be written (no such folder, disk full) is the user's problem to fix: one line, exit 2.
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.failure = file ? new CliError(`${file.path}: cannot write the output (${err.code ?? err.message})`) : err;
    });
  }

  /** Writes to `path`, or to stdout when `path` is null. */
  static open(path: string | null): OutputWriter {
    if (path === null) return new OutputWriter(process.stdout, null);
    const stream = createWriteStream(path);
    return new OutputWriter(stream, { path, stream });
  }

  /**
   * Gathers output into pieces handed to `onChunk` (each a `Uint8Array` over an `ArrayBuffer` of its own, which
   * the receiver may keep or transfer), for a thread that formats output another thread writes.
   */
  static toChunks(onChunk: (chunk: Uint8Array) => void): OutputWriter {
    const sink = {
      write(chunk: Uint8Array | string) {
        // a piece from flush() has its buffer to itself; text is copied out of Node's shared pool
        onChunk(typeof chunk === 'string' ? Uint8Array.from(Buffer.from(chunk)) : chunk);
        return true;
      },
      on() {
        return sink;
      },
      off() {
        return sink;
      },
    };
    return new OutputWriter(sink as unknown as NodeJS.WritableStream, null);
  }

  write(text: string): void {
    // a UTF-16 unit is at most 3 bytes of UTF-8
    if (text.length * 3 > MAX_ROOM) {
      this.flush();
      if (!this.failure && !this.stream.write(text)) this.full = true;
      return;
    }
    this.room(text.length * 3);
    this.pos += this.buf.write(text, this.pos);
  }

  /**
   * Makes room for `bytes` (≤ 64 KiB) more in `buf` after `pos`, writing the piece out when it is full, and
   * returns `buf` (a new one after a write: read it after this call).
   */
  room(bytes: number): Buffer {
    if (this.pos >= PIECE || this.pos + bytes > this.buf.length) this.flush();
    return this.buf;
  }

  private flush(): void {
    if (this.pos === 0 || this.failure) {
      this.pos = 0;
      return;
    }
    // false means the stream's own buffer is over its mark: ready() then waits for 'drain'. The stream keeps the
    // piece until it is written, so the next one goes into a new buffer.
    if (!this.stream.write(this.buf.subarray(0, this.pos))) this.full = true;
    this.buf = Buffer.allocUnsafe(PIECE + MAX_ROOM);
    this.pos = 0;
  }

  /** Resolves when more may be written (call between series); rejects once the destination has failed. */
  async ready(): Promise<void> {
    if (this.full && !this.failure) {
      this.full = false;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Writes what is left; for a file, closes it. Rejects if anything could not be written. */
  async end(): Promise<void> {
    this.flush();
    if (this.file && !this.failure) {
      // end() waits for every write to reach the file; a 'drain' may never come after it
      this.full = false;
      const stream = this.file.stream;
      await new Promise<void>((resolve) => {
        stream.once('error', () => resolve());
        stream.end(() => resolve());
      });
    }
    await this.ready();
  }
}

/** `"key":` for each field name met, quoted once. */
const memberPrefixes = new Map<string, string>();

/**
 * `"key":value` as `JSON.stringify` writes a member of an object: non-finite numbers become null, and a value
 * JSON cannot hold (undefined, a function) leaves the member out — '' here. Numbers, booleans and null, nearly
 * all of a result, are formatted without calling `JSON.stringify`.
 */
export function jsonMember(key: string, value: unknown): string {
  let prefix = memberPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    memberPrefixes.set(key, prefix);
  }
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? prefix + value : `${prefix}null`;
    case 'boolean':
      return value ? `${prefix}true` : `${prefix}false`;
    case 'undefined':
      return '';
    default: {
      if (value === null) return `${prefix}null`;
      const text = JSON.stringify(value);
      return text === undefined ? '' : prefix + text;
    }
  }
}

/** `{…}` of members from `jsonMember`, leaving out the empty ones as `JSON.stringify` leaves out their keys. */
export function jsonObject(members: string[]): string {
  let text = '{';
  let first = true;
  for (const m of members) {
    if (m === '') continue;
    text += first ? m : `,${m}`;
    first = false;
  }
  return `${text}}`;
}
