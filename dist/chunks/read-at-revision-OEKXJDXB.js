import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-HHRSEROE.js";import"./chunk-BITD576K.js";export{b as checkCommit,d as isShallowRepository,e as listFilesAtRevision,f as readBlobs,g as readFileAtRevision,c as repositoryTopLevel,a as runGit};
