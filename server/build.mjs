// Production build: one ESM bundle of our code (shared included), with npm
// packages left external so `node server/dist/main.js` runs on plain Node.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outdir: "dist",
  // Code split so that what is loaded on first use (the HTML check) stays out of start-up.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
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
