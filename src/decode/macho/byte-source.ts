/**
 * Random-access bytes for the binary decoders.
 *
 * A signed executable can be hundreds of megabytes while everything ne-lint needs from it (headers,
 * load commands, the code signature, a few string sections) is a few kilobytes at known offsets, so
 * decoders seek instead of reading whole files. Other sources (a zip entry inside an `.ipa`)
 * implement the same interface.
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * The bytes at `[offset, offset + length)`. May return fewer bytes only when the range runs
   * past `size`; decoders check ranges against `size` before reading.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A `ByteSource` over an open file. The caller owns it and must `close()` it. */
export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

export function bufferByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read(offset: number, length: number): Promise<Uint8Array> {
      const start = clampOffset(offset, bytes.byteLength);
      const end = clampOffset(offset + Math.max(0, length), bytes.byteLength);
      return Promise.resolve(bytes.subarray(start, end));
    },
  };
}

/** Opens `fsPath` for positional reads; nothing is read until asked. */
export async function fileByteSource(fsPath: string): Promise<FileByteSource> {
  const handle: FileHandle = await open(fsPath, "r");
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset: number, length: number): Promise<Uint8Array> {
        const start = clampOffset(offset, size);
        const wanted = clampOffset(start + Math.max(0, length), size) - start;
        const buffer = new Uint8Array(wanted);
        let filled = 0;
        // A positional read may return short (pipes, network file systems); loop until done or EOF.
        while (filled < wanted) {
          const { bytesRead } = await handle.read(buffer, filled, wanted - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === wanted ? buffer : buffer.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function clampOffset(value: number, size: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), size);
}
