import{Ua as m,Va as o}from"./chunk-HRNLLFSW.js";import"./chunk-AUOPUZKI.js";import"./chunk-EVZB7NO7.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as runCli};
