#!/usr/bin/env bash
# Runs a module's image tar without Docker: unpacks the OCI layout's layers into a directory, mounts it read-only
# (with /proc and a tmpfs /tmp, as Kubernetes would with readOnlyRootFilesystem and an emptyDir), starts the image's
# entrypoint with its environment in a chroot as the image's user (65532), and waits for /health/liveness on the
# management port. Needs root (chroot, mount). Extra VAR=value arguments are passed to the app.
#   images/smoke-test.sh decision [VAR=value ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="${1:?module}"; shift
tar="$ROOT/$module/target/$module-image.tar"
[ -f "$tar" ] || { echo "smoke-test: no $tar (run ./inferline images first)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "smoke-test: needs root (chroot and mount)" >&2; exit 2; }

work="$(mktemp -d)"; fs="$work/rootfs"; mkdir -p "$work/oci" "$fs"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  local m
  for m in "$fs/tmp" "$fs/proc" "$fs"; do mountpoint -q "$m" && umount -l "$m"; done
  # never delete through a mount that is still there
  mountpoint -q "$fs" || rm -rf "$work"
}
trap cleanup EXIT
tar -xf "$tar" -C "$work/oci"

# index.json -> manifest -> config + layers (in order)
eval "$(/usr/bin/python3 - "$work/oci" <<'PY'
import json, sys, shlex, os
oci = sys.argv[1]
blob = lambda d: os.path.join(oci, "blobs", *d.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
print("layers=(" + " ".join(shlex.quote(blob(l["digest"])) for l in manifest["layers"]) + ")")
print("entrypoint=(" + " ".join(shlex.quote(a) for a in config["Entrypoint"]) + ")")
print("envs=(" + " ".join(shlex.quote(e) for e in config.get("Env", [])) + ")")
print("user=" + shlex.quote(config.get("User", "")))
print("workdir=" + shlex.quote(config.get("WorkingDir", "/")))
PY
)"
for layer in "${layers[@]}"; do tar --warning=no-unknown-keyword -xzf "$layer" -C "$fs"; done
echo "smoke-test: $module: ${#layers[@]} layers, $(du -sh "$fs" | cut -f1) unpacked, user $user, entrypoint ${entrypoint[*]}"
[ "$user" = "65532:65532" ] || { echo "smoke-test: image user is '$user', not 65532:65532" >&2; exit 1; }

mkdir -p "$fs/proc" "$fs/tmp"
mount --bind "$fs" "$fs" && mount -o remount,bind,ro "$fs"
mount -t proc proc "$fs/proc"
mount -t tmpfs -o mode=1777,size=256m tmpfs "$fs/tmp"

port="$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
mgmt="$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
chroot="$(command -v chroot)"
start=$(date +%s%N)
( cd /; exec env -i "${envs[@]}" INFERLINE_PORT="$port" ENDPOINTS_ALL_PORT="$mgmt" "$@" \
    "$chroot" --userspec="$user" "$fs" "${entrypoint[@]}" ) >"$work/app.log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + ${SMOKE_TIMEOUT:-90} ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if body="$(curl -fsS --max-time 2 "http://127.0.0.1:$mgmt/health/liveness" 2>/dev/null)"; then
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "smoke-test: $module: /health/liveness $body after ${ms} ms (read-only root, uid $(ps -o uid= -p "$pid" | tr -d ' '))"
    # the probe compose.yaml's health checks run inside the container
    if [ -f "$fs/opt/inferline/HealthCheck.class" ]; then
      env -i "${envs[@]}" "$chroot" --userspec="$user" "$fs" /opt/java/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Xmx16m -cp /opt/inferline HealthCheck "http://127.0.0.1:$mgmt/health/liveness" | sed 's/^/smoke-test: probe: /'
    fi
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
echo "smoke-test: $module did not become live; its log:" >&2
tail -40 "$work/app.log" >&2
exit 1
