# Sourced by the build, test and benchmark scripts: exports JAVA_HOME pointing at a JDK 25 or
# newer (javac is needed to build) and puts it first on PATH for Maven and the tools.
# Order: $MMS_JAVA_HOME, $JAVA_HOME, the javac on PATH, then JDKs under /usr/lib/jvm and /opt.
# bin/mms does not source this: running mms needs only a Java 25 runtime (scripts/java.sh).
. "$(dirname "${BASH_SOURCE[0]}")/java.sh"

if ! MMS_JDK=$(mms_find_java jdk); then
  echo "mms: no JDK 25 found (looked at \$MMS_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
  echo "mms: building needs one with javac (e.g. Temurin 25); point MMS_JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME="$MMS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 bundles a Guava that JDK 25 warns about; the warning is noise for our users.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
