# Sourced by the scripts and bin/mms: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: $MMS_JAVA_HOME, $JAVA_HOME, the java on PATH, then JDKs under /usr/lib/jvm and /opt.

mms_java_feature() { # prints the feature release of the JDK at $1 (e.g. 25), or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

mms_find_jdk() {
  local candidate feature
  for candidate in "${MMS_JAVA_HOME:-}" "${JAVA_HOME:-}" \
      "$(command -v javac >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v javac)")")")" \
      /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    [ -x "$candidate/bin/javac" ] || continue
    feature=$(mms_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if ! MMS_JDK=$(mms_find_jdk); then
  echo "mms: no JDK 25 found (looked at \$MMS_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
  echo "mms: install one (e.g. Temurin 25) or point MMS_JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME="$MMS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 bundles a Guava that JDK 25 warns about; the warning is noise for our users.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
