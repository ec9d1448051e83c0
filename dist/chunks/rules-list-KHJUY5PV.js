import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
import{b as r}from"./chunk-DDAIIPZN.js";import"./chunk-YIXKMYVT.js";import"./chunk-TBNU4QYV.js";import"./chunk-6CHBF2OE.js";import"./chunk-BITD576K.js";function y(s,a){let e=[...s].sort((t,i)=>t.meta.id<i.meta.id?-1:1).map(t=>({id:t.meta.id,severity:t.meta.severity,category:t.meta.id.slice(0,t.meta.id.indexOf("/")),description:t.meta.description,docsUrl:r(t.meta.id),...t.meta.securitySeverity!==void 0?{securitySeverity:t.meta.securitySeverity}:{}}));if(a==="json")return`${JSON.stringify(e,null,2)}
`;let d=Math.max(...e.map(t=>t.id.length),4),o=Math.max(...e.map(t=>t.category.length),8),n=(t,i,m,c)=>`${t.padEnd(d)}  ${i.padEnd(8)}  ${m.padEnd(o)}  ${c}`;return`${[n("Rule","Severity","Category","What it reports"),...e.map(t=>n(t.id,t.severity,t.category,t.description))].join(`
`)}

${e.length} rules. Pages: docs/rules/<rule>.md in the package.
`}export{y as formatRulesList};
