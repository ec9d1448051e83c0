import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,c as b}from"./chunk-TVKETTY2.js";import"./chunk-XPQV56CX.js";import"./chunk-CZTG5XPD.js";import"./chunk-CJNVXECJ.js";import"./chunk-IDYRNJCA.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as classifyProfile,b as decodeProfile};
