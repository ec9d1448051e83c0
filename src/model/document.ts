/**
 * A decoded input file as rules see it: what kind of file it is, where it is, and its plist tree.
 */
import type { PlistComment, PlistValue } from "./plist.js";

/** What a plist is for; decides which rules read it. */
export type DocumentKind =
  | "info-plist"
  | "entitlements"
  /** The plist inside a provisioning profile's CMS envelope. */
  | "profile"
  /** Entitlements signed into a Mach-O code signature. */
  | "signed-entitlements"
  /** Any other property list (read only by `plist/*` rules). */
  | "plist";

/**
 * How the bytes were encoded. `json` is an app config (Expo `app.json`) mapped onto the plist model;
 * `derived` is what a build tool will generate from another file (Cordova's `config.xml` → ATS keys),
 * located at the source construct; text fixes never apply to it.
 */
export type DocumentFormat = "xml" | "binary" | "json" | "der" | "derived";

/**
 * Where a file is. `path` is what users see: relative to the working directory with `/`
 * separators; a file inside an archive is `App.ipa!/Payload/App.app/Info.plist`.
 */
export interface FileRef {
  readonly path: string;
  /** Absolute file-system path of the file itself, or of the archive holding it. */
  readonly fsPath: string;
  /** Path inside an archive, when the file is an archive member. */
  readonly member?: string;
}

export interface PlistDocument {
  readonly kind: DocumentKind;
  readonly format: DocumentFormat;
  readonly file: FileRef;
  readonly root: PlistValue;
  /** XML comments in document order (empty for other formats). */
  readonly comments: readonly PlistComment[];
  /**
   * The decoded text of a text format, when the decoder was asked to keep it (`decodePlistText` and
   * `decodePlistBytes` do by default; the ESLint language uses it). The engine's reader leaves it out: no rule
   * reads it, fixes and suppressions use offsets and comments, and the tree's strings are not slices of it.
   */
  readonly text?: string;
  /** An Info.plist written for Xcode's C preprocessor; every conditional branch was read. */
  readonly preprocessed?: boolean;
  /** For documents embedded in another (an app config's `expo.ios.infoPlist`), the key path to the embedded root. */
  readonly embeddedAt?: readonly string[];
}
