import{Ia as m,Ta as o}from"./chunk-62N6SKGG.js";import"./chunk-FTZESHMY.js";import"./chunk-EVZB7NO7.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as formatJson};
