#!/usr/bin/env node
import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as u,b as c,c as m,d as g,e as y,f as h,g as w,h as b,i as v,j as O,l as E,m as x}from"./chunks/chunk-CG5E5EIC.js";import"./chunks/chunk-V24EO2QI.js";import{promises as $}from"node:fs";import F from"node:path";import{parseArgs as R}from"node:util";var L=["stylish","json","sarif","github"],N=["error","warning","note","none"],s=class extends Error{constructor(r){super(r),this.name="UsageError"}},T=`Usage: ne-lint [options] [paths...]

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
  --no-color                             Plain output
  -v, --version                          Print the version
  -h, --help                             Print this help

Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 usage error or ne-lint failed.
Rules: docs/rules/README.md in the package.`;function f(n,r,t){if(r!==void 0){if(!t.includes(r))throw new s(`--${n} must be one of ${t.join(", ")} (got "${r}")`);return r}}function S(n,r={},t=!1){let i;try{i=R({args:[...n],allowPositionals:!0,strict:!0,options:{format:{type:"string",short:"f"},output:{type:"string",short:"o"},config:{type:"string",short:"c"},"fail-on":{type:"string"},platform:{type:"string"},distribution:{type:"string"},configuration:{type:"string"},color:{type:"boolean"},"no-color":{type:"boolean"},version:{type:"boolean",short:"v"},help:{type:"boolean",short:"h"}}})}catch(l){throw new s(l instanceof Error?l.message.replace(/\. To specify a positional argument.*$/s,""):String(l))}let{values:o,positionals:a}=i,e=o.help?"help":o.version?"version":"lint",P=o["no-color"]?!1:o.color?!0:t&&r.NO_COLOR===void 0&&r.TERM!=="dumb",p=f("platform",o.platform,y),d=f("distribution",o.distribution,h);return{command:e,paths:a.length>0?a:["."],format:f("format",o.format,L)??"stylish",failOn:f("fail-on",o["fail-on"],N)??"error",color:P,...o.output!==void 0?{output:o.output}:{},...o.config!==void 0?{config:o.config}:{},...p?{platform:p}:{},...d?{distribution:d}:{},...o.configuration!==void 0?{configuration:o.configuration}:{}}}function A(n,r){if(r==="none")return!1;let t=u(r);return n.some(i=>u(i.severity)>=t)}async function I(n,r){try{let t=S(n,r.env,r.stdoutIsTty);if(t.command==="help")return r.writeOut(`${T}
`),0;if(t.command==="version")return r.writeOut(`${v}
`),0;let i=await g(r.cwd,t.config),o=await w({paths:t.paths,cwd:r.cwd,config:i,...t.platform?{platform:t.platform}:{},...t.distribution?{distribution:t.distribution}:{},...t.configuration?{configuration:t.configuration}:{}});for(let e of o.missing)r.writeErr(`ne-lint: ${e}: no such file or directory
`);let a=t.format==="json"?O(o.findings,o.summary):t.format==="sarif"?E(o.findings,c):t.format==="github"?b(o.findings):x(o.findings,o.summary,{color:t.color&&t.output===void 0});if(t.output!==void 0){let e=F.resolve(r.cwd,t.output);await $.mkdir(F.dirname(e),{recursive:!0}),await $.writeFile(e,a)}else r.writeOut(a);if(o.failures.length>0){for(let e of o.failures)r.writeErr(`ne-lint: internal error in rule ${e.ruleId}${e.file?` on ${e.file}`:""}: ${e.message}
`);return 2}return o.missing.length>0&&o.summary.files===0?2:A(o.findings,t.failOn)?1:0}catch(t){return t instanceof s?(r.writeErr(`ne-lint: ${t.message}
Run "ne-lint --help" for usage.
`),2):t instanceof m?(r.writeErr(`ne-lint: ${t.message}
`),2):(r.writeErr(`ne-lint: internal error: ${t instanceof Error?t.message:String(t)}
`),r.env.NE_LINT_DEBUG&&t instanceof Error&&t.stack&&r.writeErr(`${t.stack}
`),2)}}var C=await I(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdoutIsTty:process.stdout.isTTY===!0,writeOut:n=>process.stdout.write(n),writeErr:n=>process.stderr.write(n)});process.exitCode=C;
