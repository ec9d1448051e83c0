import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b}from"./chunk-IMTHZSWG.js";import"./chunk-E7U2KZKB.js";import"./chunk-OVEM6RU5.js";import"./chunk-7YPVBRVR.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as readXcodeProject,b as resolveConfiguration};
