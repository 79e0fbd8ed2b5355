#!/bin/sh
# Writes chat-environment.conf for the container and starts nginx in the foreground.
#
# CHAT_GATEWAYS is the gateways' service name and port (default gateway:8000). nginx resolves it with
# the container's own DNS server at every request (valid 5 s), so gateways added by
# `docker compose up --scale gateway=N` get connections without a restart.
#
# CHAT_TRUSTED_PROXIES (addresses or ADDRESS/PREFIX, comma- or space-separated) are the proxies whose
# X-Forwarded-For is believed: the tunnel sidecars, at the fixed addresses docker-compose.yml gives them.
# CHAT_CONNECTIONS_PER_CLIENT (default 100) bounds each client's open connections.
set -eu
conf=/etc/chat-nginx
resolver=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf)
case "$resolver" in *:*) resolver="[$resolver]" ;; esac
cat > "$conf/chat-environment.conf" <<CONF
resolver ${resolver:-127.0.0.11} valid=5s ipv6=off;
map "" \$chat_gateways { default ${CHAT_GATEWAYS:-gateway:8000}; }
map "" \$chat_web_root { default /usr/share/chat-web; }
limit_conn chat_clients ${CHAT_CONNECTIONS_PER_CLIENT:-100};
CONF
for proxy in $(echo "${CHAT_TRUSTED_PROXIES:-}" | tr ',' ' '); do
    echo "set_real_ip_from $proxy;" >> "$conf/chat-environment.conf"
done
echo "listen ${CHAT_WEB_PORT:-8000};" > "$conf/chat-listen.conf"
mkdir -p /var/cache/chat-nginx/cache
exec nginx -p /var/cache/chat-nginx/ -c "$conf/nginx.conf" -e stderr -g "daemon off;"
