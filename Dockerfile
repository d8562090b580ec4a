# Mailscope: SMTP on 1025, web UI and API on 8025.
#   docker build -t mailscope . && docker run -p 1025:1025 -p 8025:8025 mailscope

# ---- base: Node plus the pinned pnpm (newer pnpm 12 releases break --frozen-lockfile)
FROM node:20-bookworm-slim AS base
RUN npm install -g --allow-scripts=pnpm pnpm@12.4.2
WORKDIR /app
# Every workspace manifest, so the lockfile's importers all match and
# dependency layers are reused until a manifest or the lockfile changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY server/package.json server/
COPY web/package.json web/
COPY shared/package.json shared/
COPY e2e/package.json e2e/
COPY bench/package.json bench/

# ---- build: all dependencies, then the server bundle and the web app
FROM base AS build
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build

# ---- deps: only the server's runtime dependencies (the bundle keeps npm
# packages external and inlines shared/, so nothing else is needed)
FROM base AS deps
RUN pnpm install --frozen-lockfile --prod --filter @mailscope/server

# ---- runtime
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MAILSCOPE_SMTP=0.0.0.0:1025 \
    MAILSCOPE_LISTEN=0.0.0.0:8025
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/server/package.json ./server/
COPY --from=deps /app/server/node_modules ./server/node_modules
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 1025 8025
# Reads the port from MAILSCOPE_LISTEN so the check follows an override.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "const l=process.env.MAILSCOPE_LISTEN||'8025';fetch('http://127.0.0.1:'+l.slice(l.lastIndexOf(':')+1)+'/api/v1/messages').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node as PID 1 gets SIGTERM from `docker stop`; the server handles it and exits 0.
CMD ["node", "server/dist/main.js"]
