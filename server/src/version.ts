// The version from server/package.json. Both the bundle (dist/main.js) and
// the sources (src/*.ts) sit one level below it, so one relative URL serves both.
import { readFileSync } from "node:fs";

export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
