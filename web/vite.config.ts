import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The dev server proxies the API to a Mailscope started with its defaults,
// so `pnpm --filter @mailscope/web dev` works beside `pnpm start`.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8025", ws: true },
    },
  },
  build: { outDir: "dist", emptyOutDir: true },
});
