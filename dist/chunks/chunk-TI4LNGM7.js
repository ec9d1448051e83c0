import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as E,b as O,c as B,e as I,f as F,h as k,i as N}from"./chunk-LTZKQCU5.js";import{a as g,c as b,h as $,m as S}from"./chunk-BI7SU6WC.js";import{a as v,b as x}from"./chunk-JFZZ6YET.js";import{promises as J}from"node:fs";import _ from"node:path";import{promises as y}from"node:fs";import h from"node:path";var d=1,f=class extends Error{constructor(n){super(n),this.name="BaselineError"}};function D(t){let n=t.map(e=>({ruleId:e.ruleId,file:e.file,fingerprint:e.fingerprint}));return n.sort((e,i)=>m(e.file,i.file)||m(e.ruleId,i.ruleId)||m(e.fingerprint,i.fingerprint)),{version:d,findings:n}}function M(t){let n=t.findings.map(e=>`    ${JSON.stringify({ruleId:e.ruleId,file:e.file,fingerprint:e.fingerprint})}`);return`{
  "version": ${t.version},
  "findings": [${n.length>0?`
${n.join(`,
`)}
  `:""}]
}
`}function U(t,n){if(!R(t))throw new f(`${n}: a baseline must be a JSON object`);if(t.version!==d)throw new f(`${n}: unsupported baseline version ${JSON.stringify(t.version)} (expected ${d})`);if(!Array.isArray(t.findings))throw new f(`${n}: "findings" must be an array`);let e=t.findings.map((i,r)=>{if(!R(i)||typeof i.ruleId!="string"||typeof i.file!="string"||typeof i.fingerprint!="string")throw new f(`${n}: findings[${r}] needs string "ruleId", "file" and "fingerprint"`);return{ruleId:i.ruleId,file:i.file,fingerprint:i.fingerprint}});return{version:d,findings:e}}async function P(t,n){let e;try{e=await y.readFile(h.resolve(n,t),"utf8")}catch{throw new f(`cannot read the baseline file ${t}`)}let i;try{i=JSON.parse(e)}catch(r){throw new f(`${t}: not JSON (${r instanceof Error?r.message:String(r)})`)}return U(i,t)}async function A(t,n,e){let i=h.resolve(n,t);await y.mkdir(h.dirname(i),{recursive:!0}),await y.writeFile(i,M(D(e)))}function L(t,n){let e=new Map;for(let a of n.findings){let l=T(a);e.set(l,(e.get(l)??0)+1)}let i=[],r=0;for(let a of t){let l=T(a),o=e.get(l)??0;o>0?(e.set(l,o-1),r++):i.push(a)}let s=0;for(let a of e.values())s+=a;return{kept:i,accepted:r,unused:s}}function T(t){return`${t.ruleId}\0${t.file}\0${t.fingerprint}`}function m(t,n){return t<n?-1:t>n?1:0}function R(t){return typeof t=="object"&&t!==null&&!Array.isArray(t)}import{parseArgs as H}from"node:util";var V=["stylish","json","sarif","github"],G=["error","warning","note","none"],u=class extends Error{constructor(n){super(n),this.name="UsageError"}},j=`Usage: ne-lint [options] [paths...]

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
Rules: docs/rules/README.md in the package.`;function p(t,n,e){if(n!==void 0){if(!e.includes(n))throw new u(`--${t} must be one of ${e.join(", ")} (got "${n}")`);return n}}function C(t,n={},e=!1){let i;try{i=H({args:[...t],allowPositionals:!0,strict:!0,options:{format:{type:"string",short:"f"},output:{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},platform:{type:"string"},distribution:{type:"string"},configuration:{type:"string"},baseline:{type:"string"},"write-baseline":{type:"string"},color:{type:"boolean"},"no-color":{type:"boolean"},version:{type:"boolean",short:"v"},help:{type:"boolean",short:"h"}}})}catch(c){throw new u(c instanceof Error?c.message.replace(/\. To specify a positional argument.*$/s,""):String(c))}let{values:r,positionals:s}=i,a=r.help?"help":r.version?"version":"lint",l=r["no-color"]?!1:r.color?!0:e&&n.NO_COLOR===void 0&&n.TERM!=="dumb",o=p("platform",r.platform,v),w=p("distribution",r.distribution,x);return{command:a,paths:s.length>0?s:["."],format:p("format",r.format,V)??"stylish",failOn:p("fail-on",r["fail-on"],G)??"error",color:l,...r.output!==void 0?{output:r.output}:{},...r.config!==void 0?{config:r.config}:{},...o?{platform:o}:{},...w?{distribution:w}:{},...r.configuration!==void 0?{configuration:r.configuration}:{},...r.baseline!==void 0?{baseline:r.baseline}:{},...r["write-baseline"]!==void 0?{writeBaseline:r["write-baseline"]}:{}}}function W(t,n){if(n==="none")return!1;let e=g(n);return t.some(i=>g(i.severity)>=e)}async function ce(t,n){try{let e=C(t,n.env,n.stdoutIsTty);if(e.command==="help")return n.writeOut(`${j}
`),0;if(e.command==="version")return n.writeOut(`${S}
`),0;let i=await O(n.cwd,e.config),r=await B({paths:e.paths,cwd:n.cwd,config:i,...e.platform?{platform:e.platform}:{},...e.distribution?{distribution:e.distribution}:{},...e.configuration?{configuration:e.configuration}:{}});for(let o of r.missing)n.writeErr(`ne-lint: ${o}: no such file or directory
`);if(e.writeBaseline!==void 0){if(r.failures.length>0)throw new Error(`rule ${r.failures[0]?.ruleId} failed; the baseline would be incomplete`);return await A(e.writeBaseline,n.cwd,r.findings),n.writeErr(`ne-lint: wrote ${r.findings.length} accepted findings to ${e.writeBaseline}
`),0}let s=e.baseline!==void 0?L(r.findings,await P(e.baseline,n.cwd)).kept:r.findings,a=s===r.findings?r.summary:$(s,r.summary.files),l=e.format==="json"?F(s,a):e.format==="sarif"?k(s,b):e.format==="github"?I(s):N(s,a,{color:e.color&&e.output===void 0});if(e.output!==void 0){let o=_.resolve(n.cwd,e.output);await J.mkdir(_.dirname(o),{recursive:!0}),await J.writeFile(o,l)}else n.writeOut(l);if(r.failures.length>0){for(let o of r.failures)n.writeErr(`ne-lint: internal error in rule ${o.ruleId}${o.file?` on ${o.file}`:""}: ${o.message}
`);return 2}return r.missing.length>0&&r.summary.files===0?2:W(s,e.failOn)?1:0}catch(e){return e instanceof u?(n.writeErr(`ne-lint: ${e.message}
Run "ne-lint --help" for usage.
`),2):e instanceof E||e instanceof f?(n.writeErr(`ne-lint: ${e.message}
`),2):(n.writeErr(`ne-lint: internal error: ${e instanceof Error?e.message:String(e)}
`),n.env.NE_LINT_DEBUG&&e instanceof Error&&e.stack&&n.writeErr(`${e.stack}
`),2)}}export{P as a,L as b,G as c,W as d,ce as e};
