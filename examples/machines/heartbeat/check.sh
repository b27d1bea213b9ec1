#!/bin/sh
# Succeeds while the load average is below twice the number of CPUs; prints what it saw.
site="$1"
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
cpus=$(nproc 2>/dev/null || echo 1)
echo "${GREETING:-hello} from ${site}: load ${load} on ${cpus} cpus (machine ${MACHINE_NAME})"
awk -v l="$load" -v c="$cpus" 'BEGIN { exit (l < 2 * c ? 0 : 1) }'
