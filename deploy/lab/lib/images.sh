# shellcheck shell=bash
# The demo image, made here from the host's static busybox: no registry is ever asked.

BUSYBOX=${CANVAS_LAB_BUSYBOX:-/bin/busybox}

image_rootfs() {
  local root=$1
  rm -rf "$root"
  must mkdir -p "$root/bin" "$root/etc" "$root/www" "$root/tmp"
  must cp "$BUSYBOX" "$root/bin/busybox"
  # A static busybox runs alone in an empty root; a dynamically linked one fails right here.
  chroot "$root" /bin/busybox true 2>/dev/null ||
    die "$BUSYBOX is not statically linked: install busybox-static (apt-get install -y busybox-static) or set CANVAS_LAB_BUSYBOX"
  must chroot "$root" /bin/busybox --install -s /bin
  printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf '<html><body><h1>docker-canvas lab: web</h1><p>served by busybox httpd</p></body></html>\n' >"$root/www/index.html"
}

# Build the image on node 1, then load the same image (same ID) on every other node in parallel.
images_make() {
  local nodes=$1 work="$LAB_DIR/image" i
  image_rootfs "$work/rootfs"
  tar -C "$work/rootfs" -c . | dk 1 import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null ||
    die "docker import of $IMAGE on node1 failed"
  must dk 1 save -o "$work/busybox.tar" "$IMAGE"
  local pids=()
  for ((i = 2; i <= nodes; i++)); do
    dk "$i" load -q -i "$work/busybox.tar" >/dev/null &
    pids+=($!)
  done
  local pid
  for pid in "${pids[@]}"; do
    wait "$pid" || die "loading $IMAGE on a node failed"
  done
}
