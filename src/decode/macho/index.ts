/** Mach-O binaries and their code signatures: the public surface of the decoder. */
export { bufferByteSource, fileByteSource } from "./byte-source.js";
export type { ByteSource, FileByteSource } from "./byte-source.js";
export { readMachO, readMachOStructure, sniffMachO, cpuName, DEFAULT_MACHO_LIMITS, PLATFORM_NAMES } from "./macho.js";
export type { BuildPlatform, EncryptionInfo, MachOFile, MachOLimits, MachOSection, MachOSlice, ReadMachOOptions } from "./macho.js";
export { readSignatureBlob, magicName, slotName, CSMAGIC, CSSLOT } from "./code-signature.js";
export type { CodeSignature, SignatureBlob } from "./code-signature.js";
export { CS_FLAGS, CS_EXECSEG_FLAGS } from "./code-directory.js";
export type { CodeDirectory } from "./code-directory.js";
export { readMachOEvidence, DEFAULT_EVIDENCE_LIMITS } from "./evidence.js";
export type { EvidenceLimits, MachOEvidence } from "./evidence.js";
