import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as c}from"./chunk-UOZKIMYM.js";import{a as d,c as u}from"./chunk-LB7VYJ2A.js";import{parseArgs as m}from"node:util";var y=["stylish","json","sarif","github"],r=class extends Error{constructor(t){super(t),this.name="UsageError"}},v=`Usage: ne-lint [options] [paths...]
       ne-lint inspect [--format text|json] [--show-devices] <file>

Lints Apple app security hygiene: App Transport Security in Info.plists, Network Extension and
multicast entitlements, provisioning profiles, signed binaries. Paths (default: the current
directory) may be source trees, .ipa files and .app/.xcarchive folders. \`inspect\` prints what
ne-lint decodes from a profile, executable, bundle or plist.

Options:
  --format <stylish|json|sarif|github>   Output format (default: stylish)
  --output <file>                        Write the report to a file instead of standard output
  --config <file>                        Config file (default: .ne-lint.json if present)
  --fail-on <error|warning|note|none>    Lowest severity that makes the exit status 1 (default: error)
  --platform <ios|macos|tvos|visionos|watchos>
                                         Platform of targets whose platform cannot be derived
  --distribution <development|ad-hoc|app-store|enterprise|developer-id>
                                         How the build is distributed
  --configuration <name|all>             Xcode build configuration to check (default: Release)
  --baseline <file>                      Drop findings accepted in this baseline file
  --write-baseline <file>                Write the current findings as the baseline and exit 0
  --no-color                             Plain output
  -v, --version                          Print the version
  -h, --help                             Print this help

Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 usage error or ne-lint failed.
Rules: docs/rules/README.md in the package.`;function o(n,t,i){if(t!==void 0){if(!i.includes(t))throw new r(`--${n} must be one of ${i.join(", ")} (got "${t}")`);return t}}function x(n,t={},i=!1){let a;try{a=m({args:[...n],allowPositionals:!0,strict:!0,options:{format:{type:"string",short:"f"},output:{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},platform:{type:"string"},distribution:{type:"string"},configuration:{type:"string"},baseline:{type:"string"},"write-baseline":{type:"string"},color:{type:"boolean"},"no-color":{type:"boolean"},version:{type:"boolean",short:"v"},help:{type:"boolean",short:"h"}}})}catch(s){throw new r(s instanceof Error?s.message.replace(/\. To specify a positional argument.*$/s,""):String(s))}let{values:e,positionals:l}=a,g=e.help?"help":e.version?"version":"lint",h=e["no-color"]?!1:e.color?!0:i&&t.NO_COLOR===void 0&&t.TERM!=="dumb",f=o("platform",e.platform,d),p=o("distribution",e.distribution,u);return{command:g,paths:l.length>0?l:["."],format:o("format",e.format,y)??"stylish",failOn:o("fail-on",e["fail-on"],c)??"error",color:h,...e.output!==void 0?{output:e.output}:{},...e.config!==void 0?{config:e.config}:{},...f?{platform:f}:{},...p?{distribution:p}:{},...e.configuration!==void 0?{configuration:e.configuration}:{},...e.baseline!==void 0?{baseline:e.baseline}:{},...e["write-baseline"]!==void 0?{writeBaseline:e["write-baseline"]}:{}}}export{y as a,r as b,v as c,x as d};
