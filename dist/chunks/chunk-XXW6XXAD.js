import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as m}from"./chunk-B6L6552X.js";import{a as h,c as g}from"./chunk-6CHBF2OE.js";import{parseArgs as w}from"node:util";var b=["stylish","json","sarif","github"],t=class extends Error{constructor(n){super(n),this.name="UsageError"}},E=`Usage: ne-lint [options] [paths...]
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
Rules: docs/rules/README.md in the package, or \`ne-lint rules\`.`;function l(i,n,r){if(n!==void 0){if(!r.includes(n))throw new t(`--${i} must be one of ${r.join(", ")} (got "${n}")`);return n}}function O(i,n){if(n!==void 0){if(!/^\d{1,9}$/.test(n))throw new t(`--${i} must be a whole number of 0 or more (got "${n}")`);return Number(n)}}function x(i,n,r){if(i.noColor)return!1;if(i.color)return!0;let s=n.FORCE_COLOR;return s!==void 0?!["0","false"].includes(s.toLowerCase()):n.NO_COLOR!==void 0&&n.NO_COLOR!==""?!1:r&&n.TERM!=="dumb"}function A(i,n={},r=!1){let s;try{s=w({args:[...i],allowPositionals:!0,strict:!0,options:{format:{type:"string",short:"f"},output:{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},"max-warnings":{type:"string"},quiet:{type:"boolean"},platform:{type:"string"},distribution:{type:"string"},configuration:{type:"string"},baseline:{type:"string"},"write-baseline":{type:"string"},base:{type:"string"},"allow-empty":{type:"boolean"},"no-error-on-unmatched-pattern":{type:"boolean"},"print-config":{type:"boolean"},"sarif-category":{type:"string"},stdin:{type:"boolean"},"stdin-filename":{type:"string"},color:{type:"boolean"},"no-color":{type:"boolean"},version:{type:"boolean",short:"v"},help:{type:"boolean",short:"h"}}})}catch(d){throw new t(d instanceof Error?d.message.replace(/\. To specify a positional argument.*$/s,""):String(d))}let{values:e}=s,o=s.positionals,a=i[0]==="diff",f=!a&&o[0]==="rules";if((a||f)&&(o=o.slice(1)),a&&o.length!==2&&!e.help)throw new t("diff needs two paths: ne-lint diff <old> <new>");if(a&&e.base!==void 0)throw new t("--base compares with a git revision; diff compares two paths: use one or the other");if(e.stdin&&(a||e.base!==void 0))throw new t("--stdin lints one file; --base and diff compare two sides: use one or the other");let y=e.help?"help":e.version?"version":a?"diff":f?"rules":e["print-config"]?"print-config":"lint";if(e.stdin&&e["stdin-filename"]===void 0)throw new t("--stdin needs --stdin-filename <path>: the name decides what kind of file it is and how findings name it");if(e["stdin-filename"]!==void 0&&!e.stdin)throw new t("--stdin-filename goes with --stdin");if(e.stdin&&o.length>0)throw new t("--stdin lints standard input only; give no paths");let p=l("platform",e.platform,h),u=l("distribution",e.distribution,g),c=O("max-warnings",e["max-warnings"]);return{command:y,paths:o.length>0?o:["."],pathsGiven:o.length>0,format:l("format",e.format,b)??"stylish",failOn:l("fail-on",e["fail-on"],m)??"error",quiet:e.quiet===!0,color:x({...e.color!==void 0?{color:e.color}:{},...e["no-color"]!==void 0?{noColor:e["no-color"]}:{}},n,r),allowEmpty:e["allow-empty"]===!0||e["no-error-on-unmatched-pattern"]===!0,...c!==void 0?{maxWarnings:c}:{},...e.output!==void 0?{output:e.output}:{},...e.config!==void 0?{config:e.config}:{},...p?{platform:p}:{},...u?{distribution:u}:{},...e.configuration!==void 0?{configuration:e.configuration}:{},...e.baseline!==void 0?{baseline:e.baseline}:{},...e["write-baseline"]!==void 0?{writeBaseline:e["write-baseline"]}:{},...e.base!==void 0?{base:e.base}:{},...e["sarif-category"]!==void 0?{sarifCategory:e["sarif-category"]}:{},...e["stdin-filename"]!==void 0?{stdinFilename:e["stdin-filename"]}:{}}}export{b as a,t as b,E as c,x as d,A as e};
