import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-GQVW7BWW.js";import"./chunk-BITD576K.js";export{a as escapeControlCharacters,c as markdownCode,d as sarifPlainText,b as terminalLine};
