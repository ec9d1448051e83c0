import{Ra as m,Sa as o}from"./chunk-DWXHKVH5.js";import"./chunk-AUOPUZKI.js";import"./chunk-IWC2VD25.js";import"./chunk-5KKXZG4Z.js";export{o as __neLintCommonPath,m as runCli};
