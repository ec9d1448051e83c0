import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-TSAN5VTD.js";import"./chunk-5ZMKO7JH.js";import"./chunk-7OFEQE2R.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{a as FORMATS,c as HELP,b as UsageError,d as colorEnabled,e as parseCli};
