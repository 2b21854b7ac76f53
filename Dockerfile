# syntax=docker/dockerfile:1

# Directive workflow engine: one image for the API (which also runs the command workers by
# default) and for stand-alone workers (`node dist/worker.js`).

# --- build: all dependencies, compile TypeScript, then drop the dev dependencies -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- runtime: built code and production dependencies only, as the unprivileged `node` user ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and only readable by `node`: the running process cannot rewrite its own code.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The one place the process may write: the transparency log's signing key and checkpoints, and
# attachments when ATTACHMENT_STORAGE=disk (default: PostgreSQL). Without JWT_SECRET the server
# generates one and keeps it in PostgreSQL, shared by every API and worker process.
RUN mkdir -p /app/data/attachments && chown -R node:node /app/data
USER node
EXPOSE 3000
# Node 20 has fetch, so the slim image needs no curl. /health is 200 once PostgreSQL and Redis answer.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrate, seed the demo organisation, users and built-in workflows (idempotent), then serve.
CMD ["sh", "-c", "node dist/cli/setup.js && exec node dist/main.js"]
