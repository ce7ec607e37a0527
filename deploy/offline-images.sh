#!/usr/bin/env bash
# Builds the agent and collector images through deploy/Dockerfile without any registry or network:
# the Dockerfile's base images are made here from this machine's own JDK and libraries (docker import),
# the jars come from a host build (./mvnw package), and the build runs with --network none.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK_IMAGE=local/docker-canvas-jdk:17
RUNTIME_BASE=local/docker-canvas-runtime-base:1

usage() {
  cat <<'USAGE'
Usage: deploy/offline-images.sh [--docker unix://SOCKET] [--tag TAG] [--prefix PREFIX] [--bases-only]

Builds PREFIX/docker-canvas-agent:TAG and PREFIX/docker-canvas-collector:TAG (default dockercanvas/...:local)
with deploy/Dockerfile's *-prebuilt targets on a machine that reaches no registry:
  1. imports two base images made from this machine (skipped when the engine has them already):
     local/docker-canvas-jdk:17        the host JDK (JAVA_HOME or /usr/lib/jvm/java-17-openjdk-*), for jlink
     local/docker-canvas-runtime-base:1 bash, glibc, libpcap and every library the jlink'd runtime loads
  2. DOCKER_BUILDKIT=0 docker build --network none for both targets, from agent/target and collector/target
     (build the jars first: ./mvnw -B package -DskipTests).
Needs: root or docker access, the JDK 17 (jlink, jmods), libpcap0.8, bash, ldd.

Options:
  --docker unix://SOCKET  the engine to build on (default: $DOCKER_HOST or the docker CLI's default)
  --tag TAG               image tag (default: local)
  --prefix PREFIX         image name prefix (default: dockercanvas)
  --bases-only            only make the two base images
USAGE
}

die() {
  echo "offline-images: $*" >&2
  exit 1
}

docker_args=()
tag=local
prefix=dockercanvas
bases_only=0
while (($#)); do
  case $1 in
    --docker) docker_args=(-H "${2:?--docker needs unix://SOCKET}"); shift 2 ;;
    --tag) tag=${2:?--tag needs a value}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a value}; shift 2 ;;
    --bases-only) bases_only=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

dk() {
  docker "${docker_args[@]}" "$@"
}

java_home() {
  local home=${JAVA_HOME:-}
  if [[ -z $home ]]; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
  fi
  [[ -x $home/bin/jlink && -d $home/jmods ]] || die "no JDK with jlink and jmods at '$home' (apt-get install openjdk-17-jdk-headless)"
  echo "$home"
}

# Copies FILES and the shared libraries they load (one ldd for all) into ROOTFS, at their real directories.
copy_with_libraries() {
  local rootfs=$1 lib dir
  shift
  for lib in "$@" $(ldd "$@" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
    [[ -e $lib && $lib != *: ]] || continue
    dir=$(readlink -f "$(dirname "$lib")")
    mkdir -p "$rootfs$dir"
    [[ -e $rootfs$dir/$(basename "$lib") ]] || cp -L "$lib" "$rootfs$dir/$(basename "$lib")"
  done
}

# An empty merged-/usr root like Debian's, with /tmp and the loader's search paths.
new_rootfs() {
  local rootfs=$1
  mkdir -p "$rootfs"/usr/{bin,sbin,lib,lib64} "$rootfs"/{etc,tmp,run}
  chmod 1777 "$rootfs/tmp"
  local d
  for d in bin sbin lib lib64; do
    ln -s "usr/$d" "$rootfs/$d"
  done
  cp -a /etc/ld.so.conf "$rootfs/etc/"
  [[ -d /etc/ld.so.conf.d ]] && cp -a /etc/ld.so.conf.d "$rootfs/etc/"
  printf 'root:x:0:0:root:/root:/bin/bash\ncanvas:x:10001:10001:docker-canvas:/tmp:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\ncanvas:x:10001:\n' >"$rootfs/etc/group"
}

import_rootfs() {
  local rootfs=$1 image=$2
  shift 2
  ldconfig -r "$rootfs" 2>/dev/null || true
  tar -C "$rootfs" -c . | dk import "$@" - "$image" >/dev/null || die "docker import of $image failed"
  echo "offline-images: imported $image ($(du -sh "$rootfs" | cut -f1))"
}

make_jdk_image() {
  local home=$1 rootfs=$2/jdk files
  new_rootfs "$rootfs"
  # Only what jlink needs: a runtime that can run jdk.jlink, and the JDK's jmods beside it (jlink's default
  # module path is <java.home>/jmods).
  "$home/bin/jlink" --add-modules jdk.jlink --strip-java-debug-attributes --no-man-pages --no-header-files \
    --output "$rootfs/opt/java/openjdk" >/dev/null
  # ... and of the jmods only those the Dockerfile links (its modules and what they require): a smaller import
  local modules module
  modules=$(grep -o '"--add-modules", "[^"]*"' "$ROOT/deploy/Dockerfile" | cut -d'"' -f4)
  [[ -n $modules ]] || die "cannot read the jlink modules from deploy/Dockerfile"
  mkdir -p "$rootfs/opt/java/openjdk/jmods"
  for module in $("$home/bin/java" --limit-modules "$modules" --list-modules | sed 's/@.*//'); do
    cp "$home/jmods/$module.jmod" "$rootfs/opt/java/openjdk/jmods/"
  done
  mapfile -t files < <(find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \))
  copy_with_libraries "$rootfs" "${files[@]}"
  import_rootfs "$rootfs" "$JDK_IMAGE" --change 'ENV PATH=/opt/java/openjdk/bin:/usr/bin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java/openjdk'
}

make_runtime_base() {
  local home=$1 rootfs=$2/runtime files
  new_rootfs "$rootfs"
  local pcap
  pcap=$(compgen -G '/usr/lib/*/libpcap.so.0.8' | head -1) || true
  [[ -n $pcap ]] || die "libpcap is missing on this machine (apt-get install -y libpcap0.8)"
  # The runtime the Dockerfile jlinks loads a subset of this JDK's native libraries; the desktop ones
  # (X11, GTK, ALSA) are never loaded headless and stay out.
  mapfile -t files < <(find "$home/bin/java" "$home/lib" -name java -o -name '*.so' |
    grep -v -E 'libawt_xawt|libjawt|libsplashscreen|libatk-wrapper|libjsound')
  copy_with_libraries "$rootfs" /bin/bash "$pcap" "${files[@]}"
  ln -s bash "$rootfs/usr/bin/sh"
  # libpcap's real file and its soname link, as the package installs them (pcap4j looks for either)
  ln -sf "$(basename "$pcap")" "$rootfs$(readlink -f "$(dirname "$pcap")")/libpcap.so"
  import_rootfs "$rootfs" "$RUNTIME_BASE" --change 'ENV PATH=/usr/bin:/bin' --change 'CMD ["/bin/bash"]'
}

has_image() {
  dk image inspect "$1" >/dev/null 2>&1
}

command -v docker >/dev/null || die "no docker CLI (apt-get install -y docker.io)"
dk version >/dev/null 2>&1 || die "cannot reach the Docker engine ${docker_args[*]}"

if ! has_image "$JDK_IMAGE" || ! has_image "$RUNTIME_BASE"; then
  home=$(java_home)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  has_image "$JDK_IMAGE" || make_jdk_image "$home" "$work"
  has_image "$RUNTIME_BASE" || make_runtime_base "$home" "$work"
fi
((bases_only)) && exit 0

for jar in agent/target/docker-canvas-agent.jar collector/target/docker-canvas-collector.jar; do
  [[ -f $ROOT/$jar ]] || die "$jar is missing: build the jars first (./mvnw -B package -DskipTests)"
done
for target in agent collector; do
  image=$prefix/docker-canvas-$target:$tag
  log=$(mktemp)
  start=$(date +%s%N)
  if ! DOCKER_BUILDKIT=0 dk build --network none -f "$ROOT/deploy/Dockerfile" --target "$target-prebuilt" \
    --build-arg JDK_IMAGE="$JDK_IMAGE" --build-arg RUNTIME_BASE="$RUNTIME_BASE" -t "$image" "$ROOT" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "building $image failed (above)"
  fi
  rm -f "$log"
  echo "offline-images: built $image in $((($(date +%s%N) - start) / 1000000)) ms," \
    "$(dk image inspect -f '{{.Size}}' "$image") bytes"
done
