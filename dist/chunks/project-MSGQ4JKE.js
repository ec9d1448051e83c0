import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b}from"./chunk-JEBRT4VG.js";import"./chunk-KG3FLRQH.js";import"./chunk-SFZQYOKF.js";import"./chunk-33CP3RZZ.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as readXcodeProject,b as resolveConfiguration};
