#!/usr/bin/env node
import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
var e={cwd:process.cwd(),env:process.env,stdoutIsTty:process.stdout.isTTY===!0,writeOut:r=>process.stdout.write(r),writeErr:r=>process.stderr.write(r)},s=process.argv.slice(2);async function o(){let[{inspect:r},{UsageError:i}]=await Promise.all([import("./chunks/inspect-YDSEDOSF.js"),import("./chunks/args-6X3Z5AO7.js")]);try{return await r(s.slice(1),e)}catch(t){return e.writeErr(`ne-lint: ${t instanceof Error?t.message:String(t)}
`),t instanceof i,2}}process.exitCode=s[0]==="inspect"?await o():await(await import("./chunks/main-52T3FY3E.js")).main(s,e);
