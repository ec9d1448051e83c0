/**
 * Random access over bytes that can only be produced front to back, such as a deflated zip member.
 *
 * Reading a Mach-O is mostly forward: the header, then the load commands right after it, then the
 * code signature near the end (and, in a fat file, the next slice further on). So the cursor
 * inflates forward, discarding everything before the requested offset and keeping only the current
 * chunk, and starts again from the beginning only when asked for bytes behind that chunk. Memory
 * stays at one chunk plus the bytes asked for, whatever the entry's size; a hostile reader pattern
 * that keeps seeking backwards is stopped by a restart limit.
 */
import type { ByteSource } from "../macho/byte-source.js";
import { DecodeFailure } from "../result.js";

/** One pass over the bytes from offset 0. */
export interface ForwardStream {
  readonly chunks: AsyncIterator<Uint8Array>;
  /** Stops producing and releases resources; called when the cursor restarts or closes. */
  destroy(): void;
}

export interface ForwardCursorOptions {
  /** Total bytes the stream yields; a stream that yields more or fewer is damaged. */
  readonly size: number;
  readonly open: () => Promise<ForwardStream>;
  /** Backward seeks allowed before reads fail with `too-many-seeks`. */
  readonly maxRestarts: number;
  /** Names the bytes in messages, e.g. `'Payload/App.app/App' in 'App.ipa!'`. */
  readonly describe: string;
}

export interface ForwardCursor extends ByteSource {
  close(): void;
}

export function forwardCursor(options: ForwardCursorOptions): ForwardCursor {
  const { size, describe } = options;
  let stream: ForwardStream | undefined;
  let chunk: Uint8Array = new Uint8Array(0);
  /** Offset of `chunk[0]` in the stream. */
  let chunkStart = 0;
  let restarts = -1;
  let closed = false;
  // Reads are serialised: two interleaved reads on one forward stream would corrupt each other.
  let queue: Promise<unknown> = Promise.resolve();

  function drop(): void {
    stream?.destroy();
    stream = undefined;
    chunk = new Uint8Array(0);
    chunkStart = 0;
  }

  async function restart(): Promise<ForwardStream> {
    drop();
    restarts += 1;
    if (restarts > options.maxRestarts) {
      throw new DecodeFailure("too-many-seeks", `Reading ${describe} needed more than ${options.maxRestarts} backward seeks through its compressed data; giving up.`);
    }
    stream = await options.open();
    return stream;
  }

  async function readAt(start: number, end: number): Promise<Uint8Array> {
    if (closed) throw new DecodeFailure("closed", `${describe} is closed.`);
    const out = new Uint8Array(end - start);
    if (out.length === 0) return out;
    let current = stream !== undefined && start >= chunkStart ? stream : await restart();
    let filled = 0;
    for (;;) {
      const want = start + filled;
      const chunkEnd = chunkStart + chunk.length;
      if (want >= chunkStart && want < chunkEnd) {
        const take = Math.min(chunkEnd, end) - want;
        out.set(chunk.subarray(want - chunkStart, want - chunkStart + take), filled);
        filled += take;
        if (filled === out.length) return out;
      }
      let next: IteratorResult<Uint8Array>;
      try {
        next = await current.chunks.next();
      } catch (error) {
        drop();
        // Our own refusals (a read budget) pass through as they are; anything else is archive damage.
        if (error instanceof DecodeFailure) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new DecodeFailure("zip-entry-corrupt", `${describe} is damaged or lies about its size (${reason}).`, { byteOffset: chunkEnd });
      }
      if (next.done) {
        drop();
        throw new DecodeFailure("zip-entry-corrupt", `${describe} ends after ${chunkEnd} bytes but declares ${size}.`, { byteOffset: chunkEnd });
      }
      chunkStart = chunkEnd;
      chunk = next.value;
      if (chunkStart + chunk.length > size) {
        drop();
        throw new DecodeFailure("zip-entry-corrupt", `${describe} inflates past its declared ${size} bytes.`, { byteOffset: size });
      }
      current = stream as ForwardStream;
    }
  }

  return {
    size,
    read(offset: number, length: number): Promise<Uint8Array> {
      const start = clamp(offset, size);
      const end = clamp(start + Math.max(0, length), size);
      const result = queue.then(() => readAt(start, end));
      queue = result.catch(() => undefined);
      return result;
    },
    close(): void {
      closed = true;
      drop();
    },
  };
}

function clamp(value: number, size: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), size);
}
