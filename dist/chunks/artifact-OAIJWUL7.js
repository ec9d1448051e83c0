import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-KT4G7JHB.js";import"./chunk-BITD576K.js";export{a as artifactOf,e as fileSizes,c as hasFilePosition,b as repoPath,d as shownMessage};
