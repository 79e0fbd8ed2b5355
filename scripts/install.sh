#!/usr/bin/env bash
# make install / make uninstall: copies what the build made into $DESTDIR$PREFIX, or removes it.
# Usage: scripts/install.sh install|uninstall   (PREFIX, DESTDIR, BIN and SHARE from the environment)
#   PREFIX/bin/chat, chat-gateway, chat-relay            from BIN (.build/release or .build/debug)
#   PREFIX/share/private-chat/web/                       the web GUI, from web/dist (make web)
#   PREFIX/share/private-chat/gateway.env, relay.env     the examples for /etc/private-chat/
#   PREFIX/share/bash-completion/completions/NAME, zsh/site-functions/_NAME,
#   fish/vendor_completions.d/NAME.fish                  from SHARE, .build/share (make completions)
#   PREFIX/share/man/man1/NAME.1                         from SHARE/man/man1 (make man)
#   PREFIX/lib/systemd/system/chat-relay.service, chat-gateway.service, with PREFIX in their paths;
#   PREFIX/lib/sysusers.d/private-chat.conf, PREFIX/lib/tmpfiles.d/private-chat.conf (deploy/systemd/)
# It builds nothing, so that `sudo make install` writes nothing into the checkout.
set -euo pipefail

action=$1
prefix=${PREFIX:-/usr/local}
root=${DESTDIR:-}$prefix
bin=${BIN:-.build/release}
share=${SHARE:-.build/share}
commands=(chat chat-gateway chat-relay)
build=${bin##*/}
need="run 'make build web man completions BUILD=$build' first"

files() {   # SOURCE DESTINATION MODE, one line each
    for name in "${commands[@]}"; do
        echo "$bin/$name bin/$name 0755"
        echo "$share/bash-completion/completions/$name share/bash-completion/completions/$name 0644"
        echo "$share/zsh/site-functions/_$name share/zsh/site-functions/_$name 0644"
        echo "$share/fish/vendor_completions.d/$name.fish share/fish/vendor_completions.d/$name.fish 0644"
        echo "$share/man/man1/$name.1 share/man/man1/$name.1 0644"
    done
    echo "deploy/systemd/gateway.env share/private-chat/gateway.env 0644"
    echo "deploy/systemd/relay.env share/private-chat/relay.env 0644"
    echo "deploy/systemd/private-chat.sysusers lib/sysusers.d/private-chat.conf 0644"
    echo "deploy/systemd/private-chat.tmpfiles lib/tmpfiles.d/private-chat.conf 0644"
}
units=(chat-relay.service chat-gateway.service)

case $action in
install)
    [[ -f web/dist/index.html ]] || { echo "missing web/dist: $need" >&2; exit 1; }
    while read -r source destination mode; do
        [[ -f "$source" ]] || { echo "missing $source: $need" >&2; exit 1; }
    done < <(files)
    while read -r source destination mode; do
        install -D -m "$mode" "$source" "$root/$destination"
    done < <(files)
    for unit in "${units[@]}"; do
        mkdir -p "$root/lib/systemd/system"
        sed "s|/usr/local/|$prefix/|g" "deploy/systemd/$unit" > "$root/lib/systemd/system/$unit"
        chmod 0644 "$root/lib/systemd/system/$unit"
    done
    rm -rf "$root/share/private-chat/web"
    mkdir -p "$root/share/private-chat/web"
    cp -R web/dist/. "$root/share/private-chat/web/"
    chmod -R u=rwX,go=rX "$root/share/private-chat/web"
    echo "installed into $root (chat-gateway serves $prefix/share/private-chat/web)"
    ;;
uninstall)
    while read -r source destination mode; do
        rm -f "$root/$destination"
    done < <(files)
    for unit in "${units[@]}"; do rm -f "$root/lib/systemd/system/$unit"; done
    rm -rf "$root/share/private-chat"
    echo "removed Private Chat from $root (/etc/private-chat and /var/lib/private-chat are left alone)"
    ;;
*)
    echo "usage: scripts/install.sh install|uninstall" >&2
    exit 64
    ;;
esac
