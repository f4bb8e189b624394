#!/bin/sh
# Assembles, without any image registry, the base layer of Carnet's container image: a Java runtime cut from the
# build machine's JDK with jlink (only the modules Carnet needs), the shared libraries it and the embedded PostgreSQL
# load, the JDK's CA certificates, a /tmp, and an unprivileged user (65532, "carnet"). Jib then puts the application
# on top of it, on the empty base image "scratch" (mvn -Pimage package). Linux (glibc) only.
#
#   assemble-runtime.sh <output folder> [java home]
set -eu

rm -rf "$1"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
java_home="${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
runtime="$out/opt/java/openjdk"

mkdir -p "$out/tmp" "$out/etc" "$out/var/lib/carnet"

# jdeps of the Spring Boot jar is unreliable for reflection-heavy code: the list below is what Carnet loads
# (java.se covers JDBC, XML, logging, naming, management, scripting; jdk.crypto.ec for TLS, jdk.unsupported for
# Netty-free libraries using sun.misc.Unsafe, jdk.zipfs for nested jars, jdk.management for the health of the JVM).
"$java_home/bin/jlink" \
  --add-modules java.se,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,jdk.management,jdk.localedata,jdk.naming.dns,jdk.httpserver \
  --include-locales en,ar,fa,fr,uk,de,el,it,es \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$runtime"

# Debian's JDK links its trust store to /etc/ssl/certs/java/cacerts: copy the file itself
cacerts="$runtime/lib/security/cacerts"
if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
  rm -f "$cacerts"
  cp "$(readlink -f "$java_home/lib/security/cacerts")" "$cacerts"
fi

# shared libraries of the runtime (and what the embedded PostgreSQL binaries need: libc, libm, libz, ...)
# (not those of the X11 window toolkit and splash screen, which a server never loads)
libs=$(find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name 'libawt_xawt.so' \
  ! -name 'libsplashscreen.so' ! -name 'libjawt.so' -exec ldd {} \; 2>/dev/null \
  | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | grep '^/' | sort -u)
# the embedded PostgreSQL (zonky's binaries carry their own ICU, OpenSSL and libxml2) needs these of the system
system=/lib/x86_64-linux-gnu
for lib in $libs /lib64/ld-linux-x86-64.so.2 $system/libnss_files.so.2 $system/libresolv.so.2 $system/libdl.so.2 \
           $system/libpthread.so.0 $system/librt.so.1 $system/liblzma.so.5 $system/libgcc_s.so.1 \
           $system/libstdc++.so.6 $system/libz.so.1 $system/libtinfo.so.6; do
  [ -e "$lib" ] || continue
  case "$lib" in "$out"/*) continue ;; esac   # the runtime's own libraries are already in place
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
# /lib64 is a link on merged-/usr systems: keep the loader where the ELF headers say
if [ -e /lib64/ld-linux-x86-64.so.2 ] && [ ! -e "$out/lib64/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$out/lib64"
  cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
fi

# pg_ctl starts the embedded server through /bin/sh: Debian's dash, nothing else of a shell's tools
mkdir -p "$out/bin"
cp -L /bin/dash "$out/bin/sh"
for lib in $(ldd /bin/dash | awk '/=>/ { print $3 }'); do
  [ -e "$out$lib" ] || { mkdir -p "$out$(dirname "$lib")"; cp -L "$lib" "$out$lib"; }
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
carnet:x:65532:65532:Carnet:/var/lib/carnet:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
carnet:x:65532:
GROUP
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
# container engines and Kubernetes mount their own; this one serves where none is mounted (the embedded PostgreSQL
# listens on "localhost")
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$out/etc/hosts"

echo "Runtime assembled in $out from $java_home ($(du -sh "$out" | cut -f1))"
