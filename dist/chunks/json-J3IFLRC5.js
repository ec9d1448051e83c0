import{Ha as m,Sa as o}from"./chunk-GEUYZU77.js";import"./chunk-YIXKMYVT.js";import"./chunk-MEB46YCR.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as formatJson};
