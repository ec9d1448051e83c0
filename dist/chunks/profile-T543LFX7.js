import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-PTXYH4OH.js";import"./chunk-VG7GBUBS.js";import"./chunk-2BQRZ4IO.js";import"./chunk-7D563KJY.js";import"./chunk-YENWRNZI.js";import"./chunk-BITD576K.js";export{a as classifyProfile,b as decodeProfile};
