import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{b as a,c as b}from"./chunk-W454Y52P.js";import"./chunk-SDUQWKWK.js";import"./chunk-7Z5RIFOV.js";import"./chunk-X4ELGJSU.js";import"./chunk-7D563KJY.js";import"./chunk-BITD576K.js";export{a as classifyProfile,b as decodeProfile};
