#!/usr/bin/env node
import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
var t={cwd:process.cwd(),env:process.env,stdoutIsTty:process.stdout.isTTY===!0,writeOut:r=>process.stdout.write(r),writeErr:r=>process.stderr.write(r)},s=process.argv.slice(2);process.stdout.on("error",r=>{throw r.code==="EPIPE"&&process.exit(process.exitCode??0),r});async function i(){let[{inspect:r},{UsageError:o}]=await Promise.all([import("./chunks/inspect-S4KJWHVG.js"),import("./chunks/args-FSYSVKOD.js")]);try{return await r(s.slice(1),t)}catch(e){return t.writeErr(`ne-lint: ${e instanceof Error?e.message:String(e)}
`),e instanceof o,2}}process.exitCode=s[0]==="inspect"?await i():await(await import("./chunks/main-FDKRDRO4.js")).main(s,t);
