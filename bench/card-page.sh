#!/usr/bin/env bash
# Card page throughput and latency against a bare endpoint of the same server.
# Starts the portal in Release on a SQLite database of CARDS cards (1,000,000 by default; seeded once into
# bench/results/cards-$CARDS.db, kept for re-runs), then alternates wrk runs on
#   /healthz            (liveness: the pipeline with no page and no database work)
#   /cards/{iccid}      (the card page: lookup by ICCID, packages, Razor rendering; random cards, or with HOT=1
#                        80% of the requests on 1% of the cards)
# and prints medians over RUNS rounds plus the card/bare ratio. Needs: dotnet, wrk (apt-get install wrk), sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}" DURATION="${DURATION:-10s}" CONNECTIONS="${CONNECTIONS:-32}" CARDS="${CARDS:-1000000}" HOT="${HOT:-0}"
# Seconds of load before the first counted round: a CPU trace showed the JIT still tiering hot paths up for the first
# 20-30 seconds under load, so shorter warm-ups measured the JIT, not the page.
WARMUP="${WARMUP:-30}"
PORT="${PORT:-5099}"
export CARDS HOT
out=bench/results; mkdir -p "$out"
db="$out/cards-$CARDS.db"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
dotnet publish src/PosRenewal.Web -c Release -o "$out/app" --nologo -v quiet >/dev/null

export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT"
# Plain HTTP on loopback: demo mode (no gateway is configured, so nothing is paid anyway).
export Portal__DemoMode=true Portal__PublicBaseUrl="http://127.0.0.1:$PORT"
# wrk is one client address: the per-address lookup limit would turn the page into 429s.
export RateLimits__Lookup__PermitLimit=100000000
export ConnectionStrings__PosRenewal="Data Source=$PWD/$db" Database__SeedDemoData=true Database__BenchCards="$CARDS"
# Request logging to the console would measure the terminal; production ships logs elsewhere.
export Serilog__MinimumLevel__Default=Warning
# From the app's folder, so its appsettings.json is read as in a deployment.
(cd "$out/app" && exec dotnet PosRenewal.Web.dll) > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$out/server.log"; exit 1; }
cards=$(sqlite3 "$db" "select count(*) from Cards" 2>/dev/null || echo "$CARDS")

# Warm up both paths (JIT, connection pool, SQLite page cache).
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/random-card.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT/healthz" >/dev/null

: > "$out/runs.tsv"
for run in $(seq 1 "$RUNS"); do
    for target in bare card; do
        if [ "$target" = bare ]; then
            result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/healthz")
        else
            result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/random-card.lua "http://127.0.0.1:$PORT")
        fi
        rps=$(echo "$result" | awk '/Requests\/sec/ { print $2 }')
        p50=$(echo "$result" | awk '$1 == "50%" { print $2 }')
        p99=$(echo "$result" | awk '$1 == "99%" { print $2 }')
        errors=$(echo "$result" | awk '/Non-2xx|Socket errors/ { print }' | tr '\n' ' ')
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$target" "$rps" "$p50" "$p99" "$errors" | tee -a "$out/runs.tsv"
    done
done

# Medians per target, and the ratio of medians (card requests/s over bare requests/s).
python3 - "$out/runs.tsv" "$cards" "$RUNS" "$DURATION" "$CONNECTIONS" "$HOT" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
med = {}
for t in ("bare", "card"):
    r = [x for x in rows if x[1] == t]
    med[t] = (statistics.median(float(x[2]) for x in r), statistics.median(ms(x[3]) for x in r), statistics.median(ms(x[4]) for x in r))
mode = "hot set: 80% of requests on 1% of the cards" if sys.argv[6] == "1" else "a random card each request"
print(f"\ncards in database: {sys.argv[2]}; {mode}; {sys.argv[3]} rounds of {sys.argv[4]}, {sys.argv[5]} connections, 2 wrk threads\n")
print("| endpoint | requests/s (median) | p50 latency (median) | p99 latency (median) |")
print("|---|---|---|---|")
print(f"| `/healthz` (bare) | {med['bare'][0]:,.0f} | {med['bare'][1]:.2f} ms | {med['bare'][2]:.2f} ms |")
print(f"| `/cards/{{iccid}}` | {med['card'][0]:,.0f} | {med['card'][1]:.2f} ms | {med['card'][2]:.2f} ms |")
ratios = []
for run in sorted({x[0] for x in rows}):
    b = [float(x[2]) for x in rows if x[0] == run and x[1] == "bare"]
    c = [float(x[2]) for x in rows if x[0] == run and x[1] == "card"]
    if b and c: ratios.append(c[0] / b[0])
print(f"\ncard page throughput / bare endpoint throughput: median of per-round ratios {statistics.median(ratios):.3f} (rounds: {', '.join(f'{r:.3f}' for r in ratios)})")
PY

# A figure counts only pages actually served: any non-2xx answer (a 429, a 500) or socket error fails the run.
if awk -F'\t' '$6 != "" { bad = 1 } END { exit !bad }' "$out/runs.tsv"; then
    echo "FAILED: some responses were not 2xx (see the last column of $out/runs.tsv); these figures do not count"
    exit 1
fi
