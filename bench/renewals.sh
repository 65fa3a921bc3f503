#!/usr/bin/env bash
# Paid renewals per second, end to end, as deployed in demo mode: the published portal (Production settings, SQLite)
# with the Sandbox gateway and the carrier simulator, and bench/Renewals driving CLIENTS shops at once (confirmation
# page, confirmation with its antiforgery token, the gateway's page, Pay; the Sandbox then sends its signed
# notification and the portal commits the payment). Each round counts the orders the database holds as paid in its
# window, the requests that failed, the server's and the driver's CPU time per paid renewal and each step's p50/p99.
# Needs: dotnet, sqlite3. The card database is the one bench/card-page.sh seeds (CARDS cards).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-20}" WARMUP="${WARMUP:-30}" CLIENTS="${CLIENTS:-32}" CARDS="${CARDS:-1000000}"
PORT="${PORT:-5098}"
out=bench/results; mkdir -p "$out"
seeded="$out/cards-$CARDS.db"; db="$out/renewals-run.db"
[ -f "$seeded" ] || { echo "seed the cards first: CARDS=$CARDS RUNS=1 DURATION=1s bash bench/card-page.sh"; exit 1; }
# A fresh portal database and a fresh store for the simulators beside it (an old one would replay earlier runs' trades).
rm -f "$db" "$db-wal" "$db-shm" "${db%.db}".simulators.db*; sqlite3 "$seeded" ".backup '$db'"
dotnet publish src/PosRenewal.Web -c Release -o "$out/app" --nologo -v quiet >/dev/null
dotnet build bench/Renewals -c Release -o "$out/renewals" --nologo -v quiet >/dev/null

export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT"
export Portal__DemoMode=true Portal__PublicBaseUrl="http://127.0.0.1:$PORT"
# The demo's stand-ins (nothing real is paid or renewed), with secrets made up for this run.
export Payments__Gateways__0=Sandbox Payments__Sandbox__Secret="bench-sandbox-$RANDOM$RANDOM$RANDOM"
export Carriers__Simulator__Enabled=true Carriers__Simulator__ApiKey="bench-carrier-$RANDOM$RANDOM$RANDOM"
# One client address for every shop: the per-address limits would answer 429.
export RateLimits__Lookup__PermitLimit=100000000 RateLimits__Order__PermitLimit=100000000
export ConnectionStrings__PosRenewal="Data Source=$PWD/$db" Database__SeedDemoData=true
export Serilog__MinimumLevel__Default=Warning
(cd "$out/app" && exec dotnet PosRenewal.Web.dll) > "$out/renewals-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$out/renewals-server.log"; exit 1; }

cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }   # user + system time of the server, in clock ticks
ticks=$(getconf CLK_TCK)
# Reads wait for the portal's writers (a WAL reader can meet a moment's lock while the log is checkpointed).
query() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
paid() { query "select count(*) from Orders where PaidAtUtc is not null"; }

# Waits until no payment has landed for 3 s (at most a minute): the Sandbox's notifications still in flight.
settle() {
    local stable=0 last now
    last=$(paid)
    for _ in $(seq 1 300); do
        sleep 0.2; now=$(paid)
        if [ "$now" = "$last" ]; then stable=$((stable + 1)); [ $stable -ge 15 ] && return; else stable=0; last=$now; fi
    done
}

# Warm-up round, not counted: the JIT keeps compiling hot paths for the first half minute under load; then RUNS rounds, each on cards no round has touched.
dotnet "$out/renewals/Renewals.dll" "http://127.0.0.1:$PORT" "$CLIENTS" "$WARMUP" 16 >/dev/null || true
settle
: > "$out/renewals.tsv"
for run in $(seq 1 "$RUNS"); do
    before=$(paid); cpu0=$(cpu)
    start=$(date -u +%s.%N)
    set +e
    result=$(dotnet "$out/renewals/Renewals.dll" "http://127.0.0.1:$PORT" "$CLIENTS" "$SECONDS_PER_RUN" $((100000 * run)))
    status=$?
    set -e
    # The round's payments count once they land; it lasts until its last payment was committed.
    settle
    after=$(paid); cpu1=$(cpu)
    landed=$(query "select (julianday(max(PaidAtUtc)) - 2440587.5) * 86400.0 from Orders where PaidAtUtc is not null")
    elapsed=$(echo "$landed - $start" | bc)
    echo "$result"
    n=$((after - before))
    driver=$(echo "$result" | sed -n 's/.*driver CPU \([0-9.]*\) s.*/\1/p')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$n" "$elapsed" "$(echo "($cpu1 - $cpu0) * 1000 / $ticks" | bc)" "$status" "${driver:-0}" | tee -a "$out/renewals.tsv"
done

python3 - "$out/renewals.tsv" "$CLIENTS" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
rates = [int(r[1]) / float(r[2]) for r in rows]
cpu = [float(r[3]) / max(1, int(r[1])) for r in rows]
driver = [float(r[5]) * 1000 / max(1, int(r[1])) for r in rows]
print(f"\n{sys.argv[2]} clients: paid renewals per second (median of {len(rows)} rounds) {statistics.median(rates):.1f} "
      f"(rounds: {', '.join(f'{r:.1f}' for r in rates)}); server CPU per paid renewal {statistics.median(cpu):.1f} ms; "
      f"the load driver's, on the same cores, {statistics.median(driver):.1f} ms")
PY
if awk -F'\t' '$5 != 0 || $2 == 0 { bad = 1 } END { exit !bad }' "$out/renewals.tsv"; then
    echo "FAILED: a round had failed renewals or no paid order; these figures do not count"
    exit 1
fi
