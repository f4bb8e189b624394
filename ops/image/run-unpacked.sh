#!/bin/sh
# Runs the image tar built by `mvn -Pimage package` without a container engine, the way one would run it: its layers
# unpacked into a root file system, mounted read-only, /tmp and /var/lib/carnet as writable tmpfs, the image's user
# (65532) and entrypoint. For a check on a build machine that has no Docker or Podman (needs root, unshare, chroot,
# python3). Arguments after the tar go to Carnet.
#
#   run-unpacked.sh target/carnet-image.tar --spring.profiles.active=demo
set -eu

tar_file="$(readlink -f "$1")"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/oci" "$work/root"
tar -xf "$tar_file" -C "$work/oci"

# the layers in the manifest's order, and the entrypoint and environment of the image's configuration
python3 - "$work/oci" "$work" <<'PY'
import json, sys, os
oci, work = sys.argv[1], sys.argv[2]
blob = lambda digest: os.path.join(oci, "blobs", *digest.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
open(os.path.join(work, "layers"), "w").write("\n".join(blob(l["digest"]) for l in manifest["layers"]) + "\n")
open(os.path.join(work, "entrypoint"), "w").write("\0".join(config["Entrypoint"]))
open(os.path.join(work, "env"), "w").write("\n".join(config.get("Env", [])) + "\n")
open(os.path.join(work, "user"), "w").write(config.get("User", "0"))
PY
while read -r layer; do tar --warning=no-unknown-keyword -xzf "$layer" -C "$work/root"; done < "$work/layers"
mkdir -p "$work/root/proc" "$work/root/dev" "$work/root/tmp" "$work/root/var/lib/carnet"
touch "$work/root/etc/resolv.conf"

user="$(cat "$work/user")"
chroot="$(command -v chroot)"
export work user chroot
unshare --mount --fork sh -eu -c '
  root="$work/root"
  mount --bind "$root" "$root"
  mount --bind /dev "$root/dev"
  # as a container engine does: the host'"'"'s name resolution
  mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o size=512m tmpfs "$root/tmp"
  mount -t tmpfs -o size=512m,uid=${user%%:*},gid=${user##*:} tmpfs "$root/var/lib/carnet"
  mount -o remount,bind,ro "$root"
  set -- $(tr "\0" " " < "$work/entrypoint") "$@"
  env -i $(cat "$work/env") "$chroot" --userspec="$user" "$root" "$@"
' sh "$@"
