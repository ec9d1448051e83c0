import{Ca as r,Sa as g}from"./chunk-DWXHKVH5.js";import"./chunk-AUOPUZKI.js";import"./chunk-IWC2VD25.js";import"./chunk-5KKXZG4Z.js";function p(s,a){let e=[...s].sort((t,i)=>t.meta.id<i.meta.id?-1:1).map(t=>({id:t.meta.id,severity:t.meta.severity,category:t.meta.id.slice(0,t.meta.id.indexOf("/")),description:t.meta.description,docsUrl:r(t.meta.id),...t.meta.securitySeverity!==void 0?{securitySeverity:t.meta.securitySeverity}:{}}));if(a==="json")return`${JSON.stringify(e,null,2)}
`;let o=Math.max(...e.map(t=>t.id.length),4),d=Math.max(...e.map(t=>t.category.length),8),n=(t,i,m,c)=>`${t.padEnd(o)}  ${i.padEnd(8)}  ${m.padEnd(d)}  ${c}`;return`${[n("Rule","Severity","Category","What it reports"),...e.map(t=>n(t.id,t.severity,t.category,t.description))].join(`
`)}

${e.length} rules. Pages: docs/rules/<rule>.md in the package.
`}export{g as __neLintCommonPath,p as formatRulesList};
