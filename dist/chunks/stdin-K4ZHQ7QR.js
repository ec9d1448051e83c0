import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-TGWGJRYC.js";import"./chunk-TSAN5VTD.js";import"./chunk-5ZMKO7JH.js";import"./chunk-7OFEQE2R.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{a as MAX_STDIN_BYTES,b as readStdin,c as withStdinFile};
