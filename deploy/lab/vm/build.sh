#!/usr/bin/env bash
# Builds, once, the disk image, kernel and initrd of the VM lab (issue 13): a Debian 13 (trixie)
# guest with its stock kernel (which has IPVS) and Docker 26, made with debootstrap and cached
# in a directory of its own (CANVAS_VM_DIR). run.sh boots it.
set -euo pipefail

VM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=vm-common.sh
source "$VM_HOME/vm-common.sh"

MIRROR=${CANVAS_VM_MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
# What the guest needs: its kernel, Docker, everything lab.sh uses, and a JRE for the agent's jars
# (Java 17 bytecode). --no-install-recommends keeps it small; each is named for a reason:
# docker-cli: only recommended by docker.io in Debian 13, which --no-install-recommends skips.
# apparmor: Docker 26 refuses to start containers when the kernel has AppArmor but apparmor_parser is missing.
# initramfs-tools: the stock kernel needs an initrd to find virtio_blk and ext4.
GUEST_PACKAGES=(
  linux-image-amd64 initramfs-tools kmod
  docker.io docker-cli apparmor
  busybox-static iproute2 iptables nftables tcpdump jq util-linux procps mawk
  openjdk-21-jre-headless
)
# The disk is sparse: room for the lab's dockerds (data-roots, images) on top of the ~0.8 GiB system.
DISK_SIZE=${CANVAS_VM_DISK_SIZE:-8G}

usage() {
  cat <<USAGE
Usage: deploy/lab/vm/build.sh [--rebuild] [--keep-rootfs]

Builds, once, what the VM lab boots, and caches it in $VM_DIR
(its own directory, apart from the host lab's; CANVAS_VM_DIR moves it):
  disk.img       raw ext4 image (sparse, $DISK_SIZE): a Debian 13 (trixie) root filesystem made with
                 debootstrap, with ${GUEST_PACKAGES[*]}
  vmlinuz, initrd.img   Debian 13's own kernel (linux-image-amd64, 6.12, with the ip_vs modules)
  build.info     when and how long it took, sizes, the kernel and Docker versions
When all of them exist it says so and does nothing (a build takes several minutes and downloads
a few hundred MB from $MIRROR).

It installs on this machine, with apt-get, only what it needs: debootstrap, qemu-system-x86,
qemu-utils, e2fsprogs. It never adds trixie to this machine's apt sources: debootstrap and the
guest's apt work inside the guest's own directory.

Options:
  --rebuild       build again even when the cache is complete
  --keep-rootfs   keep the unpacked root filesystem (rootfs/) next to the image, for looking inside

Needs root (debootstrap, chroot). Environment: CANVAS_VM_DIR (default /var/lib/docker-canvas-vm),
CANVAS_VM_MIRROR (default $MIRROR), CANVAS_VM_DISK_SIZE (default 8G).
USAGE
}

REBUILD=no
KEEP_ROOTFS=no
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --rebuild) REBUILD=yes ;;
    --keep-rootfs) KEEP_ROOTFS=yes ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

require_root
validate_vm_dir

STEPS=6
ROOTFS="$VM_DIR/rootfs"

if [[ $REBUILD == no ]] && cache_complete; then
  say "the VM image is already built in $VM_DIR (--rebuild builds it again):"
  cat "$VM_DIR/build.info"
  exit 0
fi

# Unmount whatever this build mounted inside the root filesystem, deepest first: runs on every exit,
# so an interrupted build leaves no mount behind.
unmount_rootfs() {
  local mnt
  [[ -d $ROOTFS ]] || return 0
  awk -v root="$ROOTFS" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt"
    done
}
trap unmount_rootfs EXIT

# A running guest reads disk.img underneath its copy-on-write disk: replacing it would corrupt the guest.
[[ ! -d $RUN_DIR ]] || die "a guest is running from this image (or was not stopped): deploy/lab/vm/run.sh down first"

mkdir -p "$VM_DIR"
touch "$VM_MARKER"
# One build at a time.
exec 9>"$VM_DIR/.build.lock"
flock -n 9 || die "another build is running (lock $VM_DIR/.build.lock)"

step "host packages: debootstrap, qemu-system-x86, qemu-utils, e2fsprogs"
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v qemu-img >/dev/null || missing+=(qemu-utils)
command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them by hand"
  say "      apt-get install -y ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >"$VM_DIR/apt-host.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed, see $VM_DIR/apt-host.log"
fi
[[ -e /usr/share/debootstrap/scripts/$SUITE ]] ||
  die "this debootstrap does not know $SUITE: apt-get install -y debootstrap (1.0.128 or newer)"

# Start from nothing: a half-built tree from an interrupted run is not trusted.
unmount_rootfs
rm -rf "$ROOTFS" "$VM_DIR/disk.img.tmp"
rm -f "$VM_DIR/build.info"

step "debootstrap $SUITE (minbase) into $ROOTFS from $MIRROR"
t0=$SECONDS
debootstrap --variant=minbase --arch=amd64 "$SUITE" "$ROOTFS" "$MIRROR" >"$VM_DIR/debootstrap.log" 2>&1 ||
  die "debootstrap failed, see $VM_DIR/debootstrap.log (the last lines: $(tail -3 "$VM_DIR/debootstrap.log" | tr '\n' ' '))"
t_debootstrap=$((SECONDS - t0))

step "guest packages in the chroot: ${GUEST_PACKAGES[*]}"
t0=$SECONDS
# The guest's apt reads only the guest's sources (inside the chroot), never this machine's.
echo "deb $MIRROR $SUITE main" >"$ROOTFS/etc/apt/sources.list"
# Nothing may start services inside the chroot (docker.io's postinst would try).
printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"
# A small initrd with just what finds the root disk: faster to load under software emulation than
# the default "most" modules.
mkdir -p "$ROOTFS/etc/initramfs-tools/conf.d"
echo "MODULES=list" >"$ROOTFS/etc/initramfs-tools/conf.d/canvas-vm.conf"
printf '%s\n' virtio_pci virtio_blk ext4 >>"$ROOTFS/etc/initramfs-tools/modules"
mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sysfs "$ROOTFS/sys"
mount --bind /dev "$ROOTFS/dev"
mount -t devpts devpts "$ROOTFS/dev/pts" -o newinstance,ptmxmode=0666
in_chroot() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
{
  in_chroot apt-get update &&
    in_chroot apt-get install -y --no-install-recommends "${GUEST_PACKAGES[@]}" &&
    in_chroot apt-get clean
} >"$VM_DIR/apt-guest.log" 2>&1 || die "apt-get in the guest failed, see $VM_DIR/apt-guest.log"
unmount_rootfs
rm -f "$ROOTFS/usr/sbin/policy-rc.d"
rm -rf "$ROOTFS"/var/lib/apt/lists/*
t_packages=$((SECONDS - t0))

step "guest configuration: init, hostname, no name servers, share mount points"
# No route out of the guest and nothing to resolve with: debootstrap copied this machine's
# resolv.conf, which must not be in the guest.
printf '# docker-canvas VM lab: no network out of the guest, no name server\n' >"$ROOTFS/etc/resolv.conf"
echo canvas-vm >"$ROOTFS/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 canvas-vm\n::1 localhost\n' >"$ROOTFS/etc/hosts"
mkdir -p "$ROOTFS/canvas" "$ROOTFS/io"
install -m 755 "$VM_HOME/guest/canvas-vm-init" "$ROOTFS/usr/local/sbin/canvas-vm-init"
kernel_version=$(find "$ROOTFS/boot" -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -1)
[[ -n $kernel_version ]] || die "no kernel in $ROOTFS/boot (see $VM_DIR/apt-guest.log)"
[[ -e $ROOTFS/boot/initrd.img-$kernel_version ]] || die "no initrd for $kernel_version in $ROOTFS/boot"
# shellcheck disable=SC2016 # ${Version} is dpkg-query's format, not the shell's
docker_version=$(chroot "$ROOTFS" dpkg-query -W -f '${Version}' docker.io)
# shellcheck disable=SC2016
java_version=$(chroot "$ROOTFS" dpkg-query -W -f '${Version}' openjdk-21-jre-headless)
cp "$ROOTFS/boot/vmlinuz-$kernel_version" "$VM_DIR/vmlinuz.tmp"
cp "$ROOTFS/boot/initrd.img-$kernel_version" "$VM_DIR/initrd.img.tmp"
rootfs_mib=$(du -sm "$ROOTFS" | cut -f1)

step "packing the root filesystem into disk.img (ext4, sparse $DISK_SIZE)"
t0=$SECONDS
# mkfs.ext4 -d copies the tree in without mounting anything.
mkfs.ext4 -q -F -L canvas-vm-root -d "$ROOTFS" "$VM_DIR/disk.img.tmp" "$DISK_SIZE" >/dev/null ||
  die "mkfs.ext4 -d failed (needs e2fsprogs 1.43 or newer)"
t_pack=$((SECONDS - t0))
mv "$VM_DIR/disk.img.tmp" "$VM_DIR/disk.img"
mv "$VM_DIR/vmlinuz.tmp" "$VM_DIR/vmlinuz"
mv "$VM_DIR/initrd.img.tmp" "$VM_DIR/initrd.img"
[[ $KEEP_ROOTFS == yes ]] || rm -rf "$ROOTFS"

step "recording the build in $VM_DIR/build.info"
disk_used_mib=$(du -sm "$VM_DIR/disk.img" | cut -f1)
cache_mib=$(du -sm "$VM_DIR" | cut -f1)
cat >"$VM_DIR/build.info" <<INFO
built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
suite=$SUITE
mirror=$MIRROR
kernel=$kernel_version
docker_io=$docker_version
openjdk_21_jre_headless=$java_version
build_seconds=$((SECONDS - START_SECONDS))
debootstrap_seconds=$t_debootstrap
packages_seconds=$t_packages
guest_packages_download="$(sed -n 's/^Need to get \(.*\) of archives\./\1/p' "$VM_DIR/apt-guest.log" | head -1)"
pack_seconds=$t_pack
rootfs_mib=$rootfs_mib
disk_img_apparent=$DISK_SIZE
disk_img_used_mib=$disk_used_mib
vmlinuz_kib=$(($(stat -c %s "$VM_DIR/vmlinuz") / 1024))
initrd_kib=$(($(stat -c %s "$VM_DIR/initrd.img") / 1024))
cache_mib=$cache_mib
INFO
cat "$VM_DIR/build.info"
say "built in $(elapsed): boot it with deploy/lab/vm/run.sh up"
