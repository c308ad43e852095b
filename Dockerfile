# One image for the API, the SFU and the web client; docker-compose.yml picks the command.
# The mediasoup worker is built from Debian's libraries by the same script as on a developer machine.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ meson ninja-build pkg-config \
      libuv1-dev libssl-dev libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN KOHTAAMO_CACHE=/opt/kohtaamo bash scripts/mediasoup-worker.sh | tail -1 > /opt/worker-path \
 && cp "$(cat /opt/worker-path)" /opt/mediasoup-worker \
 && npm run build \
 && (test ! -f apps/web/vite.config.ts || npx vite build --config apps/web/vite.config.ts)

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libuv1 libssl3 libsrtp2-1 libusrsctp2 \
      libabsl20220623 libvoikko1 voikko-fi wswedish && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
COPY --from=build /opt/mediasoup-worker /usr/local/bin/mediasoup-worker
ENV NODE_ENV=production MEDIASOUP_WORKER_BIN=/usr/local/bin/mediasoup-worker
CMD ["node", "dist/apps/api/src/main.js"]
