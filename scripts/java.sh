# Sourced: functions that find a Java 25 (or newer), without changing anything.
#   mms_find_java runtime   prints the home of a Java 25 runtime (a JDK will do), for running mms
#   mms_find_java jdk       prints the home of a JDK 25 (one with javac), for building it
# Order: $MMS_JAVA_HOME, $JAVA_HOME, the java (or javac) on PATH, then /usr/lib/jvm and /opt.
# A home named by MMS_JAVA_HOME that is not a Java 25 is skipped like any other candidate.

mms_java_feature() { # prints the feature release of the Java at $1 (e.g. 25), or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

mms_home_of() { # prints the home of the program $1 on PATH (bin/java -> home), or nothing
  local program
  program=$(command -v "$1" 2>/dev/null) || return 0
  dirname "$(dirname "$(readlink -f "$program")")"
}

mms_find_java() { # $1: runtime or jdk
  local kind="$1" candidate feature tool=java
  [ "$kind" = jdk ] && tool=javac
  for candidate in "${MMS_JAVA_HOME:-}" "${JAVA_HOME:-}" "$(mms_home_of "$tool")" \
      /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    [ -x "$candidate/bin/$tool" ] || continue
    feature=$(mms_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
