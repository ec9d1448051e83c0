import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-GQP5LV2T.js";import"./chunk-XXW6XXAD.js";import"./chunk-B6L6552X.js";import"./chunk-LUV7N5LH.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";export{a as MAX_STDIN_BYTES,b as readStdin,c as withStdinFile};
