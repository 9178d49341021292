#!/usr/bin/env bash
# Builds Streamgate's container base image without a Docker daemon and without a registry:
#   - a Java runtime jlinked from the build's own JDK (>= 21), only the modules a Spring Boot + Kafka client app uses;
#   - the shared libraries that runtime needs (found with ldd) copied from this machine, plus the dynamic loader;
#   - /etc/passwd and /etc/group with a non-root user streamgate (10001:10001), /tmp (1777), a home directory.
# No shell, no package manager (a "distroless" base). The result is a docker-archive tarball
# (deploy/image/target/streamgate-base.tar) that Jib reads as `tar://...` (app/pom.xml: profile `image`, and profile
# `container-proof`, which runs this script in every `./mvnw verify` on Linux).
#
# Usage: deploy/image/build-base.sh            # JDK: $JAVA_HOME if >= 21, else the newest under /usr/lib/jvm
# Does nothing when the tarball was made by this script from the same JDK, modules and C library (a stamp beside it);
# FORCE=1 rebuilds anyway.
# Needs: bash, ldd, file, readelf, python3 (for a reproducible tarball: fixed mtimes, numeric owners, sorted entries).
set -euo pipefail
SCRIPT="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")"
OUT="$PWD/target"
ROOTFS="$OUT/rootfs"
TAR="$OUT/streamgate-base.tar"
TAG="${BASE_TAG:-streamgate-base:local}"
# java.desktop: java.beans (Spring's property binding); java.instrument, jdk.management, jdk.jfr: metrics and
# diagnostics; jdk.unsupported: Netty; java.security.jgss/sasl: Kafka SASL; jdk.crypto.*: TLS; jdk.naming.dns: DNS.
MODULES="${JLINK_MODULES:-java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs}"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p'; }

JDK=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jlink" && "$(java_major "$JAVA_HOME")" -ge 21 ]]; then
  JDK="$JAVA_HOME"
else
  best=0
  for candidate in /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/jlink" ]] || continue
    major="$(java_major "$candidate")"
    if [[ "$major" =~ ^[0-9]+$ && "$major" -ge 21 && "$major" -gt "$best" ]]; then best="$major"; JDK="$candidate"; fi
  done
fi
[[ -n "$JDK" ]] || { echo "no JDK >= 21 with jlink found (set JAVA_HOME)" >&2; exit 1; }
echo "JDK: $JDK ($(java_major "$JDK"))"

STAMP="$OUT/streamgate-base.stamp"
stamp="$(sha256sum "$SCRIPT" | cut -d' ' -f1) $JDK $MODULES $(cat "$JDK/release" 2>/dev/null) $(ldd --version 2>&1 | sed -n 1p)"
if [[ "${FORCE:-0}" != 1 && -f "$TAR" && -f "$STAMP" && "$(cat "$STAMP")" == "$stamp" ]]; then
  echo "$TAR: up to date (same script, JDK, modules and C library; FORCE=1 rebuilds)"
  exit 0
fi

rm -rf "$ROOTFS" "$TAR" "$STAMP"
mkdir -p "$ROOTFS"/{etc,tmp,home/streamgate,opt,proc,sys,dev}
# JDK 24+ without jmods links from its own run-time image (JEP 493); older JDKs use their jmods.
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --output "$ROOTFS/opt/java"
# java.desktop brings native X11 and sound bindings; a server runs headless and never loads them, and without them the
# image needs no X11 or ALSA libraries.
rm -f "$ROOTFS"/opt/java/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}

# Every library the runtime's ELF files need, at the path ldd resolved it to, and the loader itself.
mapfile -t libraries < <(find "$ROOTFS/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 file -L 2>/dev/null | grep -E 'ELF .*dynamically linked|ELF .*shared object' | cut -d: -f1 \
  | xargs -r ldd 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib.*ld-linux/{print $1}' | sort -u)
for library in "${libraries[@]}"; do
  case "$library" in "$ROOTFS"/*) continue ;; esac
  mkdir -p "$ROOTFS$(dirname "$library")"
  cp -L "$library" "$ROOTFS$library"
done
loader="$(readelf -l "$JDK/bin/java" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
mkdir -p "$ROOTFS$(dirname "$loader")"
cp -L "$loader" "$ROOTFS$loader"
# Usual merged-/usr layout, so the loader's and libc's default search paths exist.
[[ -e "$ROOTFS/lib" || ! -d "$ROOTFS/usr/lib" ]] || ln -s usr/lib "$ROOTFS/lib"
[[ -e "$ROOTFS/lib64" || ! -d "$ROOTFS/usr/lib64" ]] || ln -s usr/lib64 "$ROOTFS/lib64"

cat > "$ROOTFS/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
streamgate:x:10001:10001:Streamgate:/home/streamgate:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat > "$ROOTFS/etc/group" <<'GROUP'
root:x:0:
streamgate:x:10001:
nogroup:x:65534:
GROUP
echo "hosts: files dns" > "$ROOTFS/etc/nsswitch.conf"

python3 - "$ROOTFS" "$TAR" "$TAG" "$JDK" <<'PY'
import hashlib, io, json, os, sys, tarfile
rootfs, out, tag, jdk = sys.argv[1:5]
EPOCH = 0

def add(layer, path, arcname):
    info = layer.gettarinfo(path, arcname)
    info.mtime = EPOCH
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    rel = arcname.rstrip("/")
    if rel in ("tmp",):
        info.mode = 0o1777
    if rel == "home/streamgate" or rel.startswith("home/streamgate/"):
        info.uid = info.gid = 10001
    if info.isreg():
        with open(path, "rb") as f:
            layer.addfile(info, f)
    else:
        layer.addfile(info)

buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as layer:
    for directory, dirs, files in os.walk(rootfs):
        dirs.sort()
        rel = os.path.relpath(directory, rootfs)
        if rel != ".":
            add(layer, directory, rel)
        for name in sorted(files) + sorted(d for d in dirs if os.path.islink(os.path.join(directory, d))):
            path = os.path.join(directory, name)
            add(layer, path, os.path.normpath(os.path.join(rel, name)))
layer_bytes = buffer.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
release = dict(line.split("=", 1) for line in open(os.path.join(rootfs, "opt/java/release")).read().split("\n") if "=" in line)
java_version = release.get("JAVA_VERSION", "").strip('"')
config = {
    "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine),
    "os": "linux",
    "created": "1970-01-01T00:00:00Z",
    "config": {
        "Env": ["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java",
                "LANG=C.UTF-8", "HOME=/home/streamgate"],
        "User": "10001:10001",
        "WorkingDir": "/home/streamgate",
        "Labels": {"org.opencontainers.image.title": "streamgate-base",
                   "org.opencontainers.image.description": "jlinked Java " + java_version + " runtime with its shared libraries, non-root user 10001",
                   "io.streamgate.base.java-version": java_version},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/image/build-base.sh (jlink of " + os.path.basename(jdk) + ")"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": ["layer.tar"]}]
with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as archive:
    for name, data in (("layer.tar", layer_bytes), (config_name, config_bytes),
                       ("manifest.json", json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = EPOCH
        archive.addfile(info, io.BytesIO(data))
print(f"{out}: {tag}, Java {java_version}, layer {len(layer_bytes) // (1024 * 1024)} MB, {diff_id[:19]}")
PY
printf '%s' "$stamp" > "$STAMP"
