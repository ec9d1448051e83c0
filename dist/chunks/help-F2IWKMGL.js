import"./chunk-5KKXZG4Z.js";var e=`Usage: ne-lint [options] [paths...]
       ne-lint diff [options] <old> <new>
       ne-lint rules [--format json]
       ne-lint inspect [--format text|json] [--show-devices] <file>
       ne-lint inventory [--format markdown|json] [paths...]

Lints Apple app security hygiene: App Transport Security in Info.plists, Network Extension and
multicast entitlements, provisioning profiles, signed binaries. Paths (default: the current
directory) may be source trees, .ipa files and .app/.xcarchive folders. \`rules\` lists every rule;
\`inspect\` prints what ne-lint decodes from a profile, executable, bundle or plist. \`diff\` reports what
a build (.ipa, .app, .xcarchive or folder) claims that an older one did not: entitlements, ATS, local
network keys, targets. \`inventory\` prints what each target ships with (entitlements, ATS posture, local
network keys).

Options:
  -f, --format <stylish|json|sarif|github>
                                         Output format (default: stylish)
  -o, --output <file>                    Write the report to a file instead of standard output
  --sarif-category <name>                Code scanning category of the SARIF run (default: ne-lint)
  -c, --config <file>                    Config file (default: the nearest .ne-lint.json from the working
                                         directory up to the repository root)
  --print-config [path]                  Print the resolved config that applies to path, and exit
  --fail-on <error|warning|note|none>    Lowest severity that makes the exit status 1 (default: error)
  --max-warnings <n>                     Also exit 1 when there are more than n warnings
  --quiet                                Report errors only (warnings still count for --fail-on and
                                         --max-warnings)
  --platform <ios|macos|tvos|visionos|watchos>
                                         Platform of targets whose platform cannot be derived
  --distribution <development|ad-hoc|app-store|enterprise|developer-id>
                                         How the build is distributed
  --configuration <name|all>             Xcode configuration (default: what shared schemes archive, else Release)
  --base <rev>                           Report only findings new since git revision <rev>, plus what
                                         changes in what ships (drift); read from git, no checkout
  --baseline <file>                      Drop findings accepted in this baseline file
  --write-baseline <file>                Write the current findings as the baseline and exit 0
  --allow-empty                          Exit 0 when there is nothing to lint (default: exit 2); ESLint's
                                         --no-error-on-unmatched-pattern is accepted too
  --stdin --stdin-filename <path>        Lint one file read from standard input, reported as path
  --color, --no-color                    Force or turn off colours (default: on a terminal, unless
                                         NO_COLOR is set; FORCE_COLOR=1 forces them, FORCE_COLOR=0
                                         turns them off)
  -v, --version                          Print the version
  -h, --help                             Print this help

Examples:
  ne-lint                                      Lint the current folder (every target in the tree)
  ne-lint ios/ build/App.ipa                   A source tree and a built product
  ne-lint --fail-on warning --max-warnings 0   Fail on any warning
  ne-lint --format sarif -o ne-lint.sarif .    SARIF for GitHub code scanning
  ne-lint --write-baseline .ne-lint-baseline.json
                                               Accept today's findings; then gate with --baseline
  cat Info.plist | ne-lint --stdin --stdin-filename App/Info.plist
                                               One plist from standard input (editors, hooks)
  ne-lint --print-config App/Info.plist        The config that applies, and where it came from
  ne-lint rules                                Every rule: id, severity, category, what it reports

Exit status: 0 no finding at or above --fail-on and at most --max-warnings warnings; 1 otherwise;
2 usage error (a path that does not exist, nothing to lint, a bad option or config) or ne-lint failed.
Rules: docs/rules/README.md in the package, or \`ne-lint rules\`.`;export{e as HELP};
