import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{b as t,d as r,g as o,h as e,j as f,k as i,l as p,m}from"./chunks/chunk-CG5E5EIC.js";import"./chunks/chunk-V24EO2QI.js";export{t as RULES,i as buildSarif,e as formatGithub,f as formatJson,p as formatSarif,m as formatStylish,o as lint,r as loadConfig};
