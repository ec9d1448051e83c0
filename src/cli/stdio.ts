/**
 * Standard output and error of the `ne-lint` binary. `process.stdout` loads Node's stream modules, and for a
 * pipe or a terminal `node:net` too: ~5 % of a plain lint's start. A pipe, a socket, a file or `/dev/null`
 * is written with `fs.writeSync` instead, which is what Node's stream does for a file and, on Linux and
 * macOS, as synchronous as what it does for a pipe. A terminal (the only thing whose width, colours and
 * `isTTY` matter), Windows, or a write the descriptor refuses for now (`EAGAIN`: a non-blocking pipe whose
 * reader is slow) go through Node's stream, which waits for the reader; after that every write does, so the
 * order is kept.
 */
import { fstatSync, statSync, writeSync, type Stats } from "node:fs";

export interface StandardStream {
  readonly isTty: boolean;
  /** Throws `EPIPE` (`code`) when the reader has gone, as a stream's `error` event would report it. */
  write(text: string): void;
}

/** Whether `fd` can be written without a stream: anything but a terminal (a character device other than `/dev/null`). */
export function writableDirectly(fd: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === "win32") return false;
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false;
  }
  if (stats.isFile() || stats.isFIFO() || stats.isSocket()) return true;
  if (!stats.isCharacterDevice()) return false;
  try {
    return stats.rdev === statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

/** `fd` 1 or 2; `stream` gives Node's stream for it (`process.stdout`, the same one each call), asked for only if needed. */
export function standardStream(fd: number, stream: () => NodeJS.WriteStream): StandardStream {
  if (!writableDirectly(fd)) return { isTty: stream().isTTY === true, write: (text) => void stream().write(text) };
  let viaStream = false;
  return {
    isTty: false,
    write(text) {
      if (viaStream) return void stream().write(text);
      const bytes = Buffer.from(text, "utf8");
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        viaStream = true;
        stream().write(bytes.subarray(written));
      }
    },
  };
}
