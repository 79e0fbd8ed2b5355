#!/usr/bin/env bash
# Runs the compose stack for real and tests it: `make test-containers`.
#
# There is no Docker engine on the project's machines, so podman serves the Docker API and
# docker-compose drives it (../shared/CONTAINERS.md). No image can be pulled there either: the base
# image is made with debootstrap, and the images use their `prebuilt` stage, with binaries and the GUI
# built here first. Everything it starts, it stops.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need() { command -v "$1" >/dev/null || { echo "container-test: $1 is missing (apt-get install podman runc debootstrap docker-compose)" >&2; exit 1; }; }
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    missing=()
    for package in podman runc debootstrap docker-compose; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
    if [[ ${#missing[@]} -gt 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi
for tool in podman docker-compose debootstrap; do need "$tool"; done

# crun/runc cannot raise rlimits inside the project's VMs: pin them below the host's hard limits.
if [[ ! -f /etc/containers/containers.conf ]]; then
    mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=16384:16384"]\n[engine]\nruntime = "runc"\n' > /etc/containers/containers.conf
fi

# The base image both Dockerfiles start from, made locally from Debian's own packages.
if ! podman image exists docker.io/library/debian:bookworm-slim; then
    echo "container-test: making debian:bookworm-slim with debootstrap"
    rootfs=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$rootfs" > /dev/null
    tar -C "$rootfs" -c . | podman import - docker.io/library/debian:bookworm-slim > /dev/null
    rm -rf "$rootfs"
fi

# The binaries and the GUI for the images' `prebuilt` stage.
echo "container-test: building release binaries and the GUI"
for product in chat-relay chat-gateway chat; do
    swift build -c release --static-swift-stdlib --quiet --product "$product"
done
mkdir -p deploy/.local/bin
for binary in chat-relay chat-gateway chat; do
    strip -o "deploy/.local/bin/$binary" ".build/release/$binary"
done
(cd web && node scripts/build.mjs > /dev/null)

# The Docker API, on a socket of our own, stopped when we are done.
state=$(mktemp -d)
podman system service --time=0 "unix://$state/podman.sock" &
service=$!
export DOCKER_HOST="unix://$state/podman.sock"
export COMPOSE_PROJECT_NAME=privatechat-test CHAT_BUILD_TARGET=prebuilt
# podman runs health checks from systemd timers, and these machines have no systemd: run them here,
# every second, so `depends_on: condition: service_healthy` works as it does on a Docker engine.
(
    while true; do
        for container in $(podman ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"); do
            podman healthcheck run "$container" > /dev/null 2>&1 || true
        done
        sleep 1
    done
) &
checker=$!
cleanup() {
    kill "$checker" 2>/dev/null || true
    docker-compose down -v --remove-orphans --timeout 5 > /dev/null 2>&1 || true
    kill "$service" 2>/dev/null || true
    wait "$service" 2>/dev/null || true
    rm -rf "$state"
}
trap cleanup EXIT
for _ in $(seq 1 100); do [[ -S "$state/podman.sock" ]] && break; sleep 0.1; done

python=${PYTHON:-python3}
[[ -x .venv/bin/python ]] && python=.venv/bin/python
CHAT_RELEASE_BIN="$root/.build/release" "$python" -m pytest Tests/ContainerTests "$@"
