var s=process.getBuiltinModule("node:fs"),t=s.existsSync;export{t as a};
