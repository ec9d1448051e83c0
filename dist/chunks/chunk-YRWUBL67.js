var t=process.getBuiltinModule("node:fs"),n=t.constants;export{n as a};
