import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b}from"./chunk-QYBJL7AZ.js";import"./chunk-UXTE5HCU.js";import"./chunk-YTHEBOSU.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as DEFAULT_ZIP_LIMITS,b as openZipTree};
