import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a}from"./chunk-VGNVAIYM.js";import"./chunk-FDDVOJVO.js";import"./chunk-DDAIIPZN.js";import"./chunk-YIXKMYVT.js";import"./chunk-TBNU4QYV.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{a as formatJson};
