#!/usr/bin/env bash
# Image build figures for docs/benchmarks.md ("Images"): sizes, a cold build and the rebuild after one Java
# source file changed, for deploy/Dockerfile's source path (targets agent, collector: Maven + npm inside the
# build) and its offline path (*-prebuilt). No registry is reachable here, so the source path runs on a local
# build image that carries what the registries would serve: this machine's JDK, node/npm, busybox, and copies
# of ~/.m2 and ~/.npm, with MAVEN_ARGS=-o and npm_config_offline=true; every build runs with --network none.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_IMAGE=local/docker-canvas-build:bench
TOUCHED=agent/src/main/java/io/dockercanvas/agent/cli/AgentCli.java

usage() {
  cat <<'USAGE'
Usage: deploy/bench/image-build.sh --docker unix://SOCKET

Measures, on the engine at SOCKET (a dockerd of your own; the images it builds stay there):
  offline path   deploy/offline-images.sh: base images, then agent-prebuilt and collector-prebuilt, cold
                 (no cache) and after one Java source change (host ./mvnw -o package, then docker build)
  source path    --target agent and collector from source, cold and after one Java source change
Prints one line per build (seconds, load average) and the image sizes. Needs root, busybox-static, the
JDK 17, node/npm, and the jars built once (./mvnw -B package -DskipTests), ~/.m2 and ~/.npm filled by them.
USAGE
}

[[ ${1:-} == --docker && -n ${2:-} ]] || { usage >&2; exit 2; }
docker_args=(-H "$2")
dk() { docker "${docker_args[@]}" "$@"; }
load() { cut -d' ' -f1 /proc/loadavg; }
millis() { echo $(($(date +%s%N) / 1000000)); }

# build NAME TARGET [ARGS...]: one classic-builder build, timed, and how many steps came from the cache
build() {
  local name=$1 target=$2 log start
  shift 2
  log=$(mktemp)
  start=$(millis)
  if ! DOCKER_BUILDKIT=0 dk build --network none -f "$ROOT/deploy/Dockerfile" --target "$target" "$@" "$ROOT" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "bench: build $name failed" >&2
    exit 1
  fi
  printf '%-44s %7.1f s  steps cached %2d of %2d  load %s\n' "$name" "$(( $(millis) - start ))e-3" \
    "$(grep -c 'Using cache' "$log")" "$(grep -c '^Step ' "$log")" "$(load)"
  rm -f "$log"
}

make_build_image() {
  local rootfs home lib
  rootfs=$(mktemp -d)
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/lib,root,tmp,opt,etc}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  chroot "$rootfs" /bin/busybox --install -s
  cp -rL "$home" "$rootfs/opt/jdk" 2>/dev/null || true
  cp -a /usr/bin/node "$rootfs/usr/bin/"
  cp -a /usr/lib/node_modules "$rootfs/usr/lib/"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/bin/npm"
  # plus glibc's small libraries that npm's native modules (rollup, esbuild) load
  for lib in $(ldd /usr/bin/node "$home"/bin/* "$home"/lib/*.so "$home"/lib/server/libjvm.so 2>/dev/null |
    grep -o '/[^ ]*' | sort -u) /lib/x86_64-linux-gnu/{librt.so.1,libpthread.so.0,libdl.so.2,libresolv.so.2,libutil.so.1}; do
    [[ -e $lib && $lib != *: ]] || continue
    mkdir -p "$rootfs$(dirname "$lib")" "$rootfs$(readlink -f "$(dirname "$lib")")"
    cp -L "$lib" "$rootfs$(readlink -f "$(dirname "$lib")")/$(basename "$lib")"
    [[ -e $rootfs$lib ]] || cp -L "$lib" "$rootfs$lib"
  done
  cp -a /etc/ld.so.conf /etc/ld.so.conf.d "$rootfs/etc/"
  ldconfig -r "$rootfs" 2>/dev/null || true
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
  cp -r ~/.m2 "$rootfs/root/.m2"
  cp -r ~/.npm "$rootfs/root/.npm"
  tar -C "$rootfs" -c . | dk import --change 'ENV PATH=/opt/jdk/bin:/usr/bin:/bin:/usr/sbin:/sbin' \
    --change 'ENV JAVA_HOME=/opt/jdk' --change 'ENV HOME=/root' --change 'ENV MAVEN_ARGS=-o' \
    --change 'ENV npm_config_offline=true' - "$BUILD_IMAGE" >/dev/null
  echo "bench: build image $BUILD_IMAGE: $(du -sh "$rootfs" | cut -f1) (what the registries serve the online build)"
  rm -rf "$rootfs"
}

touch_java_source() {
  # a real source change (a comment line), undone on exit
  cp "$ROOT/$TOUCHED" "$ROOT/$TOUCHED.bench-orig"
  trap 'mv -f "$ROOT/$TOUCHED.bench-orig" "$ROOT/$TOUCHED"' EXIT
  printf '// bench %s\n' "$(date +%s%N)" >>"$ROOT/$TOUCHED"
}

echo "bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load)"
dk image inspect "$BUILD_IMAGE" >/dev/null 2>&1 || make_build_image
bases=(--build-arg JDK_IMAGE=local/docker-canvas-jdk:17 --build-arg RUNTIME_BASE=local/docker-canvas-runtime-base:1)
"$ROOT/deploy/offline-images.sh" --docker "$2" --bases-only >/dev/null

build "offline: agent-prebuilt, cold" agent-prebuilt --no-cache "${bases[@]}" -t bench/agent-prebuilt
build "offline: collector-prebuilt, cold" collector-prebuilt --no-cache "${bases[@]}" -t bench/collector-prebuilt
build "source: agent, cold" agent --no-cache "${bases[@]}" --build-arg BUILD_IMAGE="$BUILD_IMAGE" -t bench/agent
build "source: collector (after agent)" collector "${bases[@]}" --build-arg BUILD_IMAGE="$BUILD_IMAGE" -t bench/collector

touch_java_source
build "source: agent, one .java changed" agent "${bases[@]}" --build-arg BUILD_IMAGE="$BUILD_IMAGE" -t bench/agent
start=$(millis)
(cd "$ROOT" && ./mvnw -B -o -q -Dmaven.test.skip=true package -pl agent -am) >/dev/null
printf '%-44s %7.1f s  load %s\n' "offline: host ./mvnw -o package -pl agent" "$(( $(millis) - start ))e-3" "$(load)"
build "offline: agent-prebuilt, new jar" agent-prebuilt "${bases[@]}" -t bench/agent-prebuilt

for image in bench/agent bench/collector bench/agent-prebuilt bench/collector-prebuilt; do
  printf '%-28s %6.1f MB\n' "$image" "$(dk image inspect -f '{{.Size}}' "$image")e-6"
done
