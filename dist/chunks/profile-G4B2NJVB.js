import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,c as b}from"./chunk-F32KKHYV.js";import"./chunk-XPQV56CX.js";import"./chunk-7XOZIIMW.js";import"./chunk-AX7ODLIW.js";import"./chunk-7Z5RIFOV.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as classifyProfile,b as decodeProfile};
