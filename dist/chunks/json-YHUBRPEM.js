import{Ha as m,Ua as o}from"./chunk-44ABOVTM.js";import"./chunk-AUOPUZKI.js";import"./chunk-EVZB7NO7.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as formatJson};
