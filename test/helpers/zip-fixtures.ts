/**
 * Builds zip fixtures with Python's `zipfile` (an independent writer: yauzl can only read), so the
 * archives under test are not shaped by ne-lint's own assumptions. Large members are streamed in
 * 1 MiB chunks so a 1 GiB bomb never sits in memory. Nothing here is committed; tests write into
 * `os.tmpdir()`.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync, readSync, statSync, writeFileSync, writeSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";
import { python } from "./python.js";

export interface ZipMemberSpec {
  name: string;
  /** Literal content (UTF-8 for strings). */
  data?: string | Uint8Array;
  /** This many zero bytes, streamed. */
  zeros?: number;
  /** This many pseudo-random bytes from a fixed seed, streamed (incompressible). */
  random?: number;
  /** This many pseudo-random lowercase hex characters, streamed (compresses about 2:1). */
  randomHex?: number;
  /** Default: deflated. bzip2 is legal zip but not something ne-lint reads. */
  method?: "stored" | "deflated" | "bzip2";
  /** Makes a Unix symlink member (mode 0120777) pointing at this target. */
  symlink?: string;
  /** Makes a folder member; `name` should end with `/`. */
  dir?: boolean;
  /** Writes zip64 size fields even for small members. */
  zip64?: boolean;
}

const BUILDER = String.raw`
import base64, json, random, sys, warnings, zipfile, zlib
warnings.simplefilter("ignore")
spec = json.load(sys.stdin)
CHUNK = 1 << 20

class ZeroChunks:
    """Deflates a member of zeros in 1 MiB chunks by repeating one chunk's block, ended with a full flush
    (which resets the dictionary, so every block stands alone): the same valid stream zlib would write at
    a thousandth of its cost (a 1 GiB bomb takes 3 s of zlib otherwise). zipfile still computes the CRC."""
    def __init__(self):
        self.inner = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.block = None
    def compress(self, data):
        if len(data) != CHUNK:
            return self.inner.compress(data)
        if self.block is None:
            self.block = self.inner.compress(data) + self.inner.flush(zlib.Z_FULL_FLUSH)
        return self.block
    def flush(self):
        return self.inner.flush()
with zipfile.ZipFile(spec["path"], "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
    for m in spec["members"]:
        info = zipfile.ZipInfo(m["name"], date_time=(2024, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.compress_type = {"stored": zipfile.ZIP_STORED, "bzip2": zipfile.ZIP_BZIP2}.get(m.get("method"), zipfile.ZIP_DEFLATED)
        if m.get("symlink") is not None:
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, m["symlink"].encode())
            continue
        if m.get("dir"):
            info.external_attr = (0o40755 << 16) | 0x10
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, b"")
            continue
        info.external_attr = (0o100644 << 16)
        if "data" in m:
            zf.writestr(info, base64.b64decode(m["data"]))
            continue
        rng = random.Random(m["name"])
        with zf.open(info, "w", force_zip64=bool(m.get("zip64"))) as out:
            if m.get("zeros") and not m.get("random") and not m.get("randomHex") and info.compress_type == zipfile.ZIP_DEFLATED and hasattr(out, "_compressor"):
                out._compressor = ZeroChunks()
            for kind in ("zeros", "random", "randomHex"):
                left = m.get(kind, 0)
                while left > 0:
                    n = min(CHUNK, left)
                    if kind == "zeros":
                        out.write(bytes(n))
                    elif kind == "random":
                        out.write(rng.randbytes(n))
                    else:
                        out.write(rng.randbytes((n + 1) // 2).hex()[:n].encode())
                    left -= n
`;

export function hasCommand(name: string): boolean {
  return spawnSync("which", [name], { encoding: "utf8" }).status === 0;
}

export { hasPython } from "./python.js";

/** Writes a zip at `file` with `members` in order (duplicates and hostile names are written as given). */
export function buildZip(file: string, members: ZipMemberSpec[]): void {
  const payload = {
    path: file,
    members: members.map(({ data, ...rest }) => (data === undefined ? rest : { ...rest, data: Buffer.from(typeof data === "string" ? Buffer.from(data, "utf8") : data).toString("base64") })),
  };
  const result = spawnSync(python, ["-c", BUILDER], { input: JSON.stringify(payload), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python3 zipfile failed: ${result.stderr}`);
}

/**
 * Rewrites the uncompressed-size claim of member `name` in both its central-directory record and
 * its local header, leaving the data alone: a lying header.
 */
export function patchUncompressedSize(file: string, name: string, claimed: number): void {
  const size = statSync(file).size;
  const fd = openSync(file, "r+");
  try {
    const tail = Buffer.alloc(Math.min(size, 65_557));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error("no end of central directory record");
    const count = tail.readUInt16LE(eocd + 10);
    let cursor = tail.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      const header = Buffer.alloc(46);
      readSync(fd, header, 0, 46, cursor);
      const nameLength = header.readUInt16LE(28);
      const extraLength = header.readUInt16LE(30);
      const commentLength = header.readUInt16LE(32);
      const nameBytes = Buffer.alloc(nameLength);
      readSync(fd, nameBytes, 0, nameLength, cursor + 46);
      if (nameBytes.toString("utf8") === name) {
        const value = Buffer.alloc(4);
        value.writeUInt32LE(claimed);
        writeSync(fd, value, 0, 4, cursor + 24);
        writeSync(fd, value, 0, 4, header.readUInt32LE(42) + 22);
        return;
      }
      cursor += 46 + nameLength + extraLength + commentLength;
    }
    throw new Error(`no member named ${name}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * An overlapping-entry zip bomb (David Fifield's "non-recursive zip bomb", reduced to its core): one
 * local header and one deflated copy of `data`, and a central directory that lists it under every
 * name in `names`, all pointing at the same bytes. No zip writer produces this, Python's included,
 * so it is written here byte by byte (APPNOTE 4.3.7, 4.3.12, 4.3.16).
 */
export function buildOverlappingZip(file: string, names: readonly string[], data: Uint8Array): void {
  const compressed = deflateRawSync(data, { level: 9 });
  const checksum = crc32(data);
  const first = Buffer.from(names[0] ?? "x", "utf8");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(0x21, 12);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(first.length, 26);
  const records: Buffer[] = [];
  for (const name of names) {
    const nameBytes = Buffer.from(name, "utf8");
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(0x21, 14);
    record.writeUInt32LE(checksum, 16);
    record.writeUInt32LE(compressed.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(0, 42);
    records.push(record, nameBytes);
  }
  const directory = Buffer.concat(records);
  const directoryOffset = local.length + first.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  writeFileSync(file, Buffer.concat([local, first, compressed, directory, end]));
}
