# syntax=docker/dockerfile:1
# Multi-stage: native modules (better-sqlite3) are compiled in the build stage; the runtime image holds
# production dependencies only and runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY integrations ./integrations
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# MENDBOT_HOST=0.0.0.0: a container is reached over its network interface. On a non-loopback host mendbot
# refuses to start (exit 78, "invalid configuration") until an API token (MENDBOT_API_TOKENS,
# MENDBOT_API_TOKENS_FILE or MENDBOT_API_TOKEN) and a webhook credential (ALERTMANAGER_TOKEN,
# ALERTMANAGER_BASIC_AUTH or PAGERDUTY_WEBHOOK_SECRETS) are set: loopback-only mode is for a laptop.
ENV NODE_ENV=production \
    PORT=8080 \
    MENDBOT_HOST=0.0.0.0 \
    MENDBOT_DATA_DIR=/data \
    PLAYBOOKS_DIR=/app/playbooks \
    POSTMORTEM_DIR=/data/postmortems
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY playbooks ./playbooks
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The image is the CLI: `docker run mendbot` serves (CMD), any other command replaces it: `docker run mendbot
# validate /playbooks` checks playbooks, `docker run mendbot --help` lists the commands.
# Exec form: node itself is PID 1 and receives the signals. SIGTERM (docker stop, Kubernetes) drains
# in-flight webhooks before exit; keep terminationGracePeriodSeconds > MENDBOT_SHUTDOWN_TIMEOUT.
ENTRYPOINT ["node", "--max-semi-space-size=32", "--expose-gc", "dist/src/cli.js"]
CMD ["serve"]
