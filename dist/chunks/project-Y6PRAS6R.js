import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a}from"./chunk-INS6BHPN.js";import"./chunk-DK5UAFRR.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as readXcodeProject};
