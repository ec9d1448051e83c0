import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);
function M(t){if(t.byteLength<4)return;let n=new DataView(t.buffer,t.byteOffset,4),e=n.getUint32(0,!1);if(e===3405691582||e===3405691583)return"fat";let f=n.getUint32(0,!0);if(f===4277009102||f===4277009103||e===4277009102||e===4277009103)return"thin"}export{M as a};
