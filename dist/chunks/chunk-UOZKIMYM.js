import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{a as e}from"./chunk-SJXP3IBR.js";var s=["error","warning","note","none"];function p(r,n){if(n==="none")return!1;let o=e(n);return r.some(t=>e(t.severity)>=o)}export{s as a,p as b};
