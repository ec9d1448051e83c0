/** src/cli/stdio.ts: the binary's standard output without Node's streams where that is safe. */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { standardStream, writableDirectly } from "../../src/cli/stdio.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-stdio-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stream that must not be asked for. */
const noStream = (): NodeJS.WriteStream => {
  throw new Error("the stream was created");
};

describe("standardStream", () => {
  it("writes a file directly, all of a text larger than a pipe's buffer, in order", () => {
    const file = path.join(scratch, "out.txt");
    const fd = openSync(file, "w");
    try {
      expect(writableDirectly(fd)).toBe(true);
      const out = standardStream(fd, noStream);
      expect(out.isTty).toBe(false);
      const big = "é".repeat(200_000);
      out.write("one\n");
      out.write(big);
      out.write("\ntwo\n");
      expect(readFileSync(file, "utf8")).toBe(`one\n${big}\ntwo\n`);
    } finally {
      closeSync(fd);
    }
  });

  it("/dev/null is written directly; another character device (a terminal) keeps the stream", () => {
    const devNull = openSync("/dev/null", "w");
    try {
      expect(writableDirectly(devNull)).toBe(true);
      expect(writableDirectly(devNull, "win32")).toBe(false);
    } finally {
      closeSync(devNull);
    }
    const zero = openSync("/dev/zero", "r");
    try {
      expect(writableDirectly(zero)).toBe(false);
      let created = 0;
      const stream = standardStream(zero, () => {
        created++;
        return { isTTY: true, write: () => true } as unknown as NodeJS.WriteStream;
      });
      expect([stream.isTty, created]).toEqual([true, 1]);
    } finally {
      closeSync(zero);
    }
  });

  it("a closed descriptor is not written directly", () => {
    expect(writableDirectly(123_456)).toBe(false);
  });

  it("a pipe whose reader is gone: EPIPE, from the write or (when the pipe is non-blocking and full) from the stream", () => {
    const script = path.join(scratch, "epipe.mjs");
    // tsx itself may make the pipe non-blocking (a stream on fd 1 does): then a full pipe answers EAGAIN and the
    // rest goes through process.stdout, whose error event says EPIPE.
    writeFileSync(
      script,
      `import { standardStream } from ${JSON.stringify(path.resolve("src/cli/stdio.ts"))};\n` +
        `const report = (error) => { process.stderr.write(String(error.code)); process.exit(0); };\n` +
        `let stream;\nconst out = standardStream(1, () => (stream ??= process.stdout.on("error", report)));\n` +
        `try { for (let i = 0; i < 1000; i++) out.write("x".repeat(65536)); } catch (error) { report(error); }\n`,
    );
    // `head -c 1` closes the pipe after one byte.
    const run = spawnSync("sh", ["-c", `"${process.execPath}" --import tsx "${script}" | head -c 1 >/dev/null`], { encoding: "utf8" });
    expect(run.stderr).toBe("EPIPE");
  });
});
