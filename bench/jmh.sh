#!/usr/bin/env bash
# Builds the bench module and runs its JMH benchmarks (record path: journal append latency and
# throughput, the recorder's frame->validate->append->ack path, event decode). Sized for a 2-core
# machine: the whole run takes about 3 minutes.
#
# Usage: bench/jmh.sh [JMH options...]   e.g.  bench/jmh.sh AppendBenchmark.appendLatency -f 1
# Env:   OUT (result directory), BENCH_DIR (where scratch journals go; default the JVM temp dir).
# Results: $OUT/jmh.txt (human) and $OUT/jmh.json (machine readable).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${OUT:-$root/bench-out/jmh-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
cd "$root"

# One reactor invocation, so that the classpath names this checkout's module jars, never a stale
# copy installed in ~/.m2 (bench is last in the reactor: its classpath file is the one left).
mvn -B -q -P bench -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$out/classpath.txt"

# The pom's chronicle.jvm.args is the one source of the flags Chronicle needs on Java 17; given
# here they override the copy in the @Fork annotations.
chronicle_args="$(sed -n 's:.*<chronicle.jvm.args>\(.*\)</chronicle.jvm.args>.*:\1:p' "$root/pom.xml")"
[ -n "$chronicle_args" ] || { echo "jmh.sh: no chronicle.jvm.args property in $root/pom.xml" >&2; exit 2; }
fork_args="$chronicle_args"
[ -n "${BENCH_DIR:-}" ] && fork_args="$fork_args -Dbench.dir=$BENCH_DIR"

java -cp "$root/bench/target/classes:$(cat "$out/classpath.txt")" org.openjdk.jmh.Main \
  -jvmArgsAppend "$fork_args" -rf json -rff "$out/jmh.json" "$@" 2>&1 | tee "$out/jmh.txt"
echo "jmh.sh: results in $out" >&2
