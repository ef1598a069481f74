// Build step for the web app: copy Natural Earth 1:110m country outlines (TopoJSON,
// from the world-atlas package) into ../static, where the server serves them.
// Run: cd src/rashomon/web/frontend && npm install && npm run build
import { copyFileSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "node_modules", "world-atlas", "countries-110m.json");
const dst = join(here, "..", "static", "countries-110m.json");
copyFileSync(src, dst);
const topo = JSON.parse(readFileSync(dst, "utf8"));
console.log(`countries-110m.json: ${Object.keys(topo.objects.countries.geometries).length} countries -> ${dst}`);
