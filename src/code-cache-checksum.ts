/**
 * The checksum that guards a code cache file (src/code-cache.ts) against damage: release builds of V8 do not check
 * cached data's own checksum, and one damaged byte made every later run hang, abort or crash.
 *
 * Not a cryptographic hash, on purpose: a cache is read only from a folder that is ours and writable by no one
 * else (`isPrivateFolder`), so what it guards against is corruption (a disk, a crash mid-write, a copy), not an
 * attacker, who could write the cache and its checksum alike. A SHA-256 of `node:crypto` loaded ~25 of Node's
 * internal modules (crypto pulls the whole stream stack) for every lint, as did `zlib.crc32`; `WebAssembly` is a
 * global and loads none, and a checksum in plain JavaScript runs in the interpreter, cold (docs/benchmarks.md).
 *
 * Over 64-bit little-endian words, seeded with the length: `h = (h ^ word) * K; h ^= h >> 32`, K the odd
 * constant of Fibonacci hashing (2^64 / φ, dense in bits). Each step is a bijection of `h` for a given word (K is
 * odd, and an xorshift is invertible), so a change confined to one 8-byte word — any damaged byte — always
 * changes the result. A product carries a change only to higher bits, and the shift brings the high half down:
 * without it (FNV's sparse prime, or a rotation), a change of a word's top byte and one in the next word
 * cancelled for 1 in ~256 pairs. Damage spread over two words can still cancel, less often: the worst pattern
 * known (a word's top byte, and the same change to bytes 3 and 7 of the next word) for 1 change in 65,536 — rare
 * enough for damage, which is what this guards against. The file is read straight into the module's memory, so
 * the bytes are not copied again to be summed.
 */

/** Bytes of the checksum that starts a cache file. */
export const CHECKSUM_BYTES = 8;

/** Bytes summed per turn of the loop (8 words, unrolled: fewer turns keep it under V8's tier-up budget, see assembleChecksumModule). */
const BLOCK = 64;
/** FNV's offset basis: any constant would do. */
const SEED = 0xcbf29ce484222325n;
const MULTIPLIER = 0x9e3779b97f4a7c15n;
const SHIFT = 32n;
const WASM_PAGE = 65536;

/** Unsigned LEB128, as the WebAssembly binary format writes sizes and indexes. */
const leb128 = (value: number): number[] => {
  const bytes: number[] = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    bytes.push(value === 0 ? low : low | 0x80);
  } while (value !== 0);
  return bytes;
};

/** Signed LEB128 of a 64-bit constant (`i64.const`). */
const sleb128 = (value: bigint): number[] => {
  const bytes: number[] = [];
  for (let rest = BigInt.asIntN(64, value); ; ) {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    if ((rest === 0n && (low & 0x40) === 0) || (rest === -1n && (low & 0x40) !== 0)) return [...bytes, low];
    bytes.push(low | 0x80);
  }
};

/**
 * The module, assembled by `assembleChecksumModule` (a dozen instructions; a WebAssembly toolchain would be a
 * dependency for that). Its bytes are written out here: assembling them at run time (BigInt arithmetic, run once,
 * in the interpreter) cost ~1 ms; test/code-cache-checksum.test.ts checks they are the assembler's.
 */
const CHECKSUM_MODULE =
  "AGFzbQEAAAABCAFgA39/fwF+AwIBAAUDAQAABxACBm1lbW9yeQIAA3N1bQAACskBAcYBAQJ+QpX4qfqXt96bnn8hBCACrUKlxoihyJyn+UuFIQMCQANAIAAgAU8NASADIAApAwCFIAR+IgMgA0IgiIUgACkDCIUgBH4iAyADQiCIhSAAKQMQhSAEfiIDIANCIIiFIAApAxiFIAR+IgMgA0IgiIUgACkDIIUgBH4iAyADQiCIhSAAKQMohSAEfiIDIANCIIiFIAApAzCFIAR+IgMgA0IgiIUgACkDOIUgBH4iAyADQiCIhSEDIABBwABqIQAMAAsLIAML";

/**
 * The checksum's module:
 *
 *   (memory (export "memory") 0)
 *   (func (export "sum") (param $at i32) (param $end i32) (param $length i32) (result i64)
 *     (local $h i64) (local $k i64)
 *     k = MULTIPLIER;  h = SEED ^ u64(length)
 *     loop while at < end: for each of the 8 words at at, at + 8 … at + 56: h = (h ^ word) * k; h ^= h >> 32;  at += 64
 *     return h)
 *
 * Liftoff, V8's baseline compiler, compiles it as it loads; V8 tiers a function up to TurboFan once it has run
 * ~1.8 MB of its code, which costs more than the sum itself: one turn (~150 bytes of code) per 64 bytes of data
 * stays below that for a cache of up to ~0.75 MB (a larger one is tiered up in the background, and summed all the
 * same). Used by the tests only, so the bundle leaves it out.
 */
export function assembleChecksumModule(): Uint8Array {
  const [localGet, localSet, localTee, i64Const, i64Load, i64Xor, i64Mul, i64ShrU] = [0x20, 0x21, 0x22, 0x42, 0x29, 0x85, 0x7e, 0x88];
  const [at, end, length, h, k] = [0, 1, 2, 3, 4];
  const turn = [localGet, h];
  for (let word = 0; word < BLOCK / 8; word++) turn.push(localGet, at, i64Load, 3, ...leb128(word * 8), i64Xor, localGet, k, i64Mul, localTee, h, localGet, h, i64Const, ...sleb128(SHIFT), i64ShrU, i64Xor);
  turn.push(localSet, h);
  const code = [
    1, 2, 0x7e, // two i64 locals: h, k
    i64Const, ...sleb128(MULTIPLIER), localSet, k,
    localGet, length, 0xad /* i64.extend_i32_u */, i64Const, ...sleb128(SEED), i64Xor, localSet, h,
    0x02, 0x40, 0x03, 0x40, // block, loop
    localGet, at, localGet, end, 0x4f /* i32.ge_u */, 0x0d, 1, // br_if out of the block
    ...turn,
    localGet, at, 0x41, ...sleb128(BigInt(BLOCK)), 0x6a /* i32.add */, localSet, at,
    0x0c, 0, 0x0b, 0x0b, // br to the loop, end, end
    localGet, h, 0x0b,
  ];
  const section = (id: number, content: number[]): number[] => [id, ...leb128(content.length), ...content];
  const name = (text: string): number[] => [...leb128(text.length), ...Buffer.from(text, "latin1")];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7e]), // type: (i32, i32, i32) → i64
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, 0]), // one memory, 0 pages at first
    ...section(7, [2, ...name("memory"), 2, 0, ...name("sum"), 0, 0]), // exports
    ...section(10, [1, ...leb128(code.length), ...code]),
  ]);
}

interface ChecksumModule {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  sum(at: number, end: number, length: number): bigint;
}

/** What is used of the `WebAssembly` global (Node's types declare it without the values, which lib "dom" has). */
interface WebAssemblyGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/**
 * Where the module's instance is kept: every ES module stub of a chunk (scripts/build.mjs) bundles a copy of
 * this file, and each copy would otherwise compile the module again (~1 ms).
 */
const INSTANCE_KEY = Symbol.for("ne-lint.code-cache-checksum");
let instance = (globalThis as Record<symbol, ChecksumModule | undefined>)[INSTANCE_KEY];

/**
 * `size` bytes of the checksum's memory, to read a cache file into or to write one from; valid until the next call
 * (which may move the memory). Undefined where WebAssembly is not available (`node --jitless`).
 */
export function checksumArea(size: number): Uint8Array | undefined {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyGlobal }).WebAssembly;
  if (wasm === undefined) return undefined;
  instance ??= (globalThis as Record<symbol, ChecksumModule | undefined>)[INSTANCE_KEY] ??= new wasm.Instance(new wasm.Module(Buffer.from(CHECKSUM_MODULE, "base64"))).exports as ChecksumModule;
  const needed = size + BLOCK;
  const { memory } = instance;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
  return new Uint8Array(memory.buffer, 0, size);
}

/** The checksum of `data`, a part of what `checksumArea` returned (the bytes after it, to the end of its last block, are zeroed to be summed). */
export function checksumOf(data: Uint8Array): bigint {
  if (instance === undefined || data.buffer !== instance.memory.buffer) throw new Error("checksumOf: data must lie in checksumArea()");
  new Uint8Array(data.buffer, data.byteOffset + data.length, BLOCK - 1).fill(0);
  const end = data.byteOffset + Math.ceil(data.length / BLOCK) * BLOCK;
  return BigInt.asUintN(64, instance.sum(data.byteOffset, end, data.length));
}

/** The same sum in plain JavaScript, for the tests (far slower: BigInt arithmetic). */
export function checksumInJavaScript(data: Uint8Array): bigint {
  const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  padded.set(data);
  const words = new DataView(padded.buffer);
  let h = BigInt.asUintN(64, SEED ^ BigInt(data.length));
  for (let offset = 0; offset < padded.length; offset += 8) {
    h = BigInt.asUintN(64, (h ^ words.getBigUint64(offset, true)) * MULTIPLIER);
    h ^= h >> SHIFT;
  }
  return h;
}
