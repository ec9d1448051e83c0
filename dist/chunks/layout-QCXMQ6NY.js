import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a}from"./chunk-4HCRYXKR.js";import"./chunk-YTHEBOSU.js";import"./chunk-BITD576K.js";export{a as findBundles};
