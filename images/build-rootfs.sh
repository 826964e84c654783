#!/usr/bin/env bash
# Builds the root filesystem every Inferline image starts from, without Docker or a registry (no base image is
# pulled): a Java runtime made with jlink from the build JDK, plus the few shared libraries the JVM needs, unpacked
# from Debian/Ubuntu packages with `apt-get download` + `dpkg -x`. Jib (profile -Dimages=tar|registry in the root
# pom) layers each module's jars on top of it, with FROM scratch.
#   images/build-rootfs.sh [OUT_DIR]        (default: target/images/rootfs; needs JAVA_HOME >= 21, apt-get, dpkg)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/target/images/rootfs}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK >= 21 (./inferline images does)}"

# Modules the services use (Netty and Kafka need jdk.unsupported; JDBC java.sql; Kafka SASL and Kerberos
# java.security.*; Lettuce and Netty's resolver jdk.naming.dns; Micrometer's JVM metrics jdk.management; Netty and
# Micronaut's HTTP server load jdk.jfr.Event classes, found missing by images/smoke-test.sh).
MODULES=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,java.desktop,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs
# libstdc++6 is for ONNX Runtime and the tokenizer of the CPU embedding backend (their .so files need libstdc++.so.6,
# libgcc_s.so.1, libm, libdl, librt, libpthread: all in these packages); the JVM itself needs libc, libgcc_s, zlib.
PACKAGES=(libc6 libgcc-s1 zlib1g libstdc++6)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$OUT"
mkdir -p "$OUT/opt" "$OUT/tmp" "$OUT/etc" "$OUT/app"

# jdk.crypto.ec was folded into java.base in JDK 22+: keep only the modules this JDK has.
available="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')"
wanted=""
for m in ${MODULES//,/ }; do
  grep -qx "$m" <<<"$available" && wanted="${wanted:+$wanted,}$m"
done
"$JAVA_HOME/bin/jlink" --add-modules "$wanted" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$OUT/opt/java" 2>/dev/null \
  || "$JAVA_HOME/bin/jlink" --add-modules "$wanted" --strip-debug --no-header-files --no-man-pages --output "$OUT/opt/java"
# Class data sharing archive of the jlinked runtime: faster start-up (written read-only, used read-only).
"$OUT/opt/java/bin/java" -Xshare:dump >/dev/null 2>&1 || true

# JVM flags for this runtime's version, read by the entrypoint as an @argfile (JDK 24+ wants Unsafe allowed
# explicitly for Netty and Kafka; the same flag stops a JDK 21 JVM).
feature="$("$OUT/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
{
  echo "-XX:MaxRAMPercentage=75"
  echo "-XX:+ExitOnOutOfMemoryError"
  echo "-XX:-UsePerfData"
  echo "-Djava.io.tmpdir=/tmp"
  # The minilm embedding backend's native libraries (ONNX Runtime, the tokenizer, JNA) are unpacked from their jars
  # into /tmp (the only writable place); DJL, which loads the tokenizer, must never try to download anything.
  echo "-DDJL_CACHE_DIR=/tmp/djl"
  echo "-Dai.djl.offline=true"
  echo "-Djna.tmpdir=/tmp/jna"
  [ "${feature%%.*}" -ge 24 ] && echo "--sun-misc-unsafe-memory-access=allow"
  echo "--enable-native-access=ALL-UNNAMED"
} >"$OUT/opt/java/inferline.jvmargs"

chmod 755 "$work"   # apt-get download drops privileges to _apt when it can
# The images have no shell, curl or wget: a 1-class HTTP probe for compose health checks
# (java -cp /opt/inferline HealthCheck http://127.0.0.1:8081/health/readiness exits 0 on a 2xx answer).
mkdir -p "$work/hc" "$OUT/opt/inferline"
cat >"$work/hc/HealthCheck.java" <<'JAVA'
import java.net.HttpURLConnection;
import java.net.URI;

public final class HealthCheck {
    public static void main(String[] args) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(3000);
        int status = c.getResponseCode();
        System.out.println(args[0] + " " + status);
        System.exit(status / 100 == 2 ? 0 : 1);
    }
}
JAVA
"$JAVA_HOME/bin/javac" -d "$OUT/opt/inferline" "$work/hc/HealthCheck.java"

(cd "$work" && apt-get download "${PACKAGES[@]}" >/dev/null 2>&1) || (cd "$work" && apt-get download "${PACKAGES[@]}")
for deb in "$work"/*.deb; do dpkg -x "$deb" "$OUT"; done
# Only the shared libraries: no documentation, locales, gconv modules, tools or maintainer scripts.
rm -rf "$OUT/usr/share" "$OUT/usr/bin" "$OUT/usr/sbin" "$OUT/sbin" "$OUT/bin" "$OUT/usr/libexec" \
       "$OUT/usr/lib/x86_64-linux-gnu/gconv" "$OUT/usr/lib/x86_64-linux-gnu/audit" "$OUT/etc/ld.so.conf.d" \
       "$OUT/usr/lib/x86_64-linux-gnu/gconv" "$OUT/lib/x86_64-linux-gnu/gconv"
# The dynamic loader's path is an absolute symlink: resolve it inside the rootfs (Jib would follow it on the host).
loader="$(readlink "$OUT/lib64/ld-linux-x86-64.so.2")"
cp --remove-destination "$OUT$loader" "$OUT/lib64/ld-linux-x86-64.so.2"
# Jib copies symlinks as files and fails on dangling ones.
find "$OUT" -xtype l -delete

# A passwd entry for the non-root user the images run as (uid/gid 65532, as in distroless "nonroot").
cat >"$OUT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat >"$OUT/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo "hosts: files dns" >"$OUT/etc/nsswitch.conf"
mkdir -p "$OUT/home/nonroot"

du -sh "$OUT" | awk -v f="$feature" '{print "images: rootfs (Java " f ") " $1 " at " $2}'
