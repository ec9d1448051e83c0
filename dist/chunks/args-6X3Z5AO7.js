import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-P3UUWPIY.js";import"./chunk-LB7VYJ2A.js";import"./chunk-BITD576K.js";export{b as FAIL_ON,a as FORMATS,d as HELP,c as UsageError,e as parseCli};
