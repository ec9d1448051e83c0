import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-GY567HCO.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as ARCHIVE_READ_LIMITS,b as RUN_READ_LIMITS,c as ReadBudget};
