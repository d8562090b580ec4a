// Production build: one ESM bundle of our code (shared included), with npm
// packages left external so `node server/dist/main.js` runs on plain Node.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  packages: "external",
  alias: { "@mailscope/shared": "../shared/src/index.ts" },
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
