import{Oa as m,Pa as o}from"./chunk-LLGWBRMA.js";import"./chunk-YIXKMYVT.js";import"./chunk-6UYQBQAR.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as main};
