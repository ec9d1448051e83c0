import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-7SLAHWHS.js";import"./chunk-UOZKIMYM.js";import"./chunk-SJXP3IBR.js";import"./chunk-LB7VYJ2A.js";import"./chunk-BITD576K.js";export{a as FORMATS,c as HELP,b as UsageError,d as parseCli};
