import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-HJRTVCY2.js";import"./chunk-SFZQYOKF.js";import"./chunk-XIZO5TGI.js";import"./chunk-33CP3RZZ.js";import"./chunk-BITD576K.js";export{d as jsonErrorAt,c as parseJsonText,a as readJsonFile,b as readRepositoryText};
