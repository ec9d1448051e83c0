import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b}from"./chunk-RMMZSGG4.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{b as appConfigTarget,a as isCapacitorConfigXml};
