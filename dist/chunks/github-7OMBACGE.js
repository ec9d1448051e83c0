import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-NO4FBZF3.js";import"./chunk-KT4G7JHB.js";import"./chunk-FDDVOJVO.js";import"./chunk-GQVW7BWW.js";import"./chunk-BITD576K.js";export{a as escapeData,b as escapeProperty,d as formatGithub,c as workflowCommand};
