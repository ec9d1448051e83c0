import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-4EK474V6.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{a as CAPACITOR_CONFIGS,c as appConfigTarget,b as isCapacitorConfigXml};
