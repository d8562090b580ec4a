import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// The page's own policy: only our scripts run, the feed and API are the only
// connections. Images, styles and fonts stay open to http(s) because the
// preview iframe (srcdoc) inherits this policy and the user may allow a
// message's remote content; the iframe's own, stricter policy and its sandbox
// govern the mail. Added at build only: the dev server injects inline script.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' http: https:",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data: http: https:",
  "media-src 'self' http: https:",
  "connect-src 'self' ws: wss:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "mailscope-csp",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
  };
}

// The dev server proxies the API to a Mailscope started with its defaults,
// so `pnpm --filter @mailscope/web dev` works beside `pnpm start`.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8025", ws: true },
    },
  },
  build: { outDir: "dist", emptyOutDir: true },
});
