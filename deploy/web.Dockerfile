# The web GUI behind nginx, which also balances /ws over every gateway.
#
# Stages:
#   build     npm install && npm run build on the official Node image
#   runtime   debian:bookworm-slim with nginx, running as a non-root user
#   prebuilt  runtime + a GUI built on the host (web/dist), for machines that cannot pull the Node image
#   release   runtime + the build stage's GUI (the default)

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /web
COPY web/package.json ./
RUN npm install --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin chat \
    && mkdir -p /etc/chat-nginx /var/cache/chat-nginx \
    && chown chat:chat /etc/chat-nginx /var/cache/chat-nginx
COPY deploy/nginx/nginx.conf deploy/nginx/chat-site.conf deploy/nginx/security-headers.conf /etc/chat-nginx/
COPY deploy/nginx/entrypoint.sh /usr/local/bin/chat-web
USER chat
EXPOSE 8000
ENV CHAT_GATEWAYS=gateway:8000
HEALTHCHECK --interval=5s --timeout=3s --start-period=3s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/nginx-health > /dev/null || exit 1
ENTRYPOINT ["chat-web"]

FROM runtime AS prebuilt
COPY web/dist/ /usr/share/chat-web/

FROM runtime AS release
COPY --from=build /web/dist/ /usr/share/chat-web/
