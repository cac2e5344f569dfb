#!/usr/bin/env bash
# What the HTTP client costs a replay against gunicorn + PostgreSQL (bench/replay/ara-postgres.sh),
# which closes every connection: bench/replay/http-clients/PostResults.java POSTs N results with C
# threads through OkHttp (as AraClient sets it up), HttpURLConnection, java.net.http and a raw socket, under the
# replay's JVM flags, alternating with bench/replay/poster.py (the server's ceiling), a fresh server
# each. Prints one line per measurement: results/s, the loop's CPU per result (JVM start excluded)
# and the whole process's CPU per result.
#
# Usage: bench/replay/http-clients.sh [rounds (default 3)]      (after `mvn -B -q -DskipTests package`)
# Knobs: N=1500 C=4 CLIENTS="okhttp jdk jnh raw poster" JIT="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1" (the replay's; " " for C2)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
N=${N:-1500} C=${C:-4} CLIENTS=${CLIENTS:-"okhttp jdk jnh raw poster"} rounds=${1:-3}
pg="$here/bench/replay/ara-postgres.sh"
lib="$here/replayer/target/lib"
[ -d "$lib" ] || { echo "http-clients: build first: (cd $here && mvn -B -q -DskipTests package)" >&2; exit 2; }
work=$(mktemp -d /tmp/http-clients.XXXXXX); chmod 755 "$work"
server_dir=""
trap '[ -n "$server_dir" ] && "$pg" stop "$server_dir"; rm -rf "$work"' EXIT
cp="$work/classes:$(ls "$lib"/*.jar | tr '\n' ':')"
javac -nowarn -cp "$cp" -d "$work/classes" "$here/bench/replay/http-clients/PostResults.java"
jvm=(${JIT:--XX:TieredStopAtLevel=1 -XX:CICompilerCount=1} -XX:+UseSerialGC -Xms32m -Xmx128m)
for r in $(seq 1 "$rounds"); do
  for client in $CLIENTS; do
    server_dir="$work/ara-$client-$r"; url=$("$pg" start "$server_dir")
    if [ "$client" = poster ]; then
      /usr/bin/time -f '%U %S' -o "$work/time" /usr/bin/python3 "$here/bench/replay/poster.py" --url "$url" -n "$N" -c "$C" >"$work/out"
    else
      /usr/bin/time -f '%U %S' -o "$work/time" java "${jvm[@]}" -cp "$cp" PostResults "$url" "$client" "$N" "$C" >"$work/out"
    fi
    read -r user sys <"$work/time"
    echo "round $r $client: $(cat "$work/out") process_cpu_ms_per_result=$(/usr/bin/python3 -c "print(round(($user + $sys) * 1000 / $N, 3))")"
    "$pg" stop "$server_dir"; server_dir=""
  done
done
