import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as d,c as u}from"./chunk-LB7VYJ2A.js";import{parseArgs as y}from"node:util";var h=["stylish","json","sarif","github"],m=["error","warning","note","none"],r=class extends Error{constructor(e){super(e),this.name="UsageError"}},w=`Usage: ne-lint [options] [paths...]

Lints Apple app security hygiene: App Transport Security in Info.plists, Network Extension and
multicast entitlements, provisioning profiles. Paths default to the current directory.

Options:
  --format <stylish|json|sarif|github>   Output format (default: stylish)
  --output <file>                        Write the report to a file instead of standard output
  --config <file>                        Config file (default: .ne-lint.json if present)
  --fail-on <error|warning|note|none>    Lowest severity that makes the exit status 1 (default: error)
  --platform <ios|macos|tvos|visionos|watchos>
                                         Platform of targets whose platform cannot be derived
  --distribution <development|ad-hoc|app-store|enterprise|developer-id>
                                         How the build is distributed
  --configuration <name>                 Xcode build configuration to check (default: Release)
  --baseline <file>                      Drop findings accepted in this baseline file
  --write-baseline <file>                Write the current findings as the baseline and exit 0
  --no-color                             Plain output
  -v, --version                          Print the version
  -h, --help                             Print this help

Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 usage error or ne-lint failed.
Rules: docs/rules/README.md in the package.`;function i(n,e,o){if(e!==void 0){if(!o.includes(e))throw new r(`--${n} must be one of ${o.join(", ")} (got "${e}")`);return e}}function v(n,e={},o=!1){let a;try{a=y({args:[...n],allowPositionals:!0,strict:!0,options:{format:{type:"string",short:"f"},output:{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},platform:{type:"string"},distribution:{type:"string"},configuration:{type:"string"},baseline:{type:"string"},"write-baseline":{type:"string"},color:{type:"boolean"},"no-color":{type:"boolean"},version:{type:"boolean",short:"v"},help:{type:"boolean",short:"h"}}})}catch(s){throw new r(s instanceof Error?s.message.replace(/\. To specify a positional argument.*$/s,""):String(s))}let{values:t,positionals:l}=a,c=t.help?"help":t.version?"version":"lint",g=t["no-color"]?!1:t.color?!0:o&&e.NO_COLOR===void 0&&e.TERM!=="dumb",f=i("platform",t.platform,d),p=i("distribution",t.distribution,u);return{command:c,paths:l.length>0?l:["."],format:i("format",t.format,h)??"stylish",failOn:i("fail-on",t["fail-on"],m)??"error",color:g,...t.output!==void 0?{output:t.output}:{},...t.config!==void 0?{config:t.config}:{},...f?{platform:f}:{},...p?{distribution:p}:{},...t.configuration!==void 0?{configuration:t.configuration}:{},...t.baseline!==void 0?{baseline:t.baseline}:{},...t["write-baseline"]!==void 0?{writeBaseline:t["write-baseline"]}:{}}}export{h as a,m as b,r as c,w as d,v as e};
