var s=process.getBuiltinModule("node:fs"),o=s.promises;export{o as a};
