# syntax=docker/dockerfile:1
# One image for every Okapi role. The entrypoint takes the role as its first argument:
#   docker run IMAGE all        all-in-one (`okapi start`, embedded stores under /data)
#   docker run IMAGE api|ingest|projector|publisher|scheduler   one role (Kubernetes, one Deployment each)
#   docker run IMAGE snapshot|batch                            a one-off bulk build
#   docker run IMAGE okapi <command> ...                                any CLI command
# The image holds no tests, test support (libs/testing) or benchmarks (apps/bench): .dockerignore
# leaves them out, and `okapi bench` there says to run them from a source checkout
# (test/production-image.spec.ts and .e2e-spec.ts hold both).
# Build: docker build -t okapi:dev .   (no build step for the TypeScript: bin/okapi.js runs it
# through SWC's require hook, as `npm start` does.)

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies: production only, native modules compiled against this exact base -----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 falls back to node-gyp when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- web console: built with the dev toolchain (Vite); only its output goes into the image ------
FROM ${NODE_IMAGE} AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json .swcrc ./
COPY bin ./bin
COPY libs ./libs
COPY apps ./apps
RUN node bin/okapi.js build-console

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    OKAPI_HOST=0.0.0.0 \
    OKAPI_DATA_DIR=/data
WORKDIR /app
# Code and dependencies belong to root and are read-only for the `node` user that runs them.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json .swcrc ./
COPY bin ./bin
COPY libs ./libs
COPY apps ./apps
COPY --from=console /app/dist/console ./dist/console
COPY docker/entrypoint.sh ./docker/entrypoint.sh
RUN chmod 0755 docker/entrypoint.sh bin/okapi.js \
 && mkdir -p /data \
 && chown node:node /data
# uid/gid 1000 (`node`): the Kubernetes manifests' runAsUser/fsGroup.
USER node
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["all"]
