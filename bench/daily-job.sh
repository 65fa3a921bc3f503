#!/usr/bin/env bash
# The daily job (card lifecycle, then reminders) over CARDS cards (default 1,000,000) on SQLite: time,
# cards moved, notifications queued, memory. Seeds bench/results/daily.db once (kept for re-runs; delete it
# to start over), then copies it so every run starts from the same go-live state. RUNS runs (default 3), each on a
# fresh copy, then the medians: these machines' speed moves by a quarter from hour to hour. Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
CARDS="${CARDS:-1000000}" RUNS="${RUNS:-3}"
out=bench/results; mkdir -p "$out"
seeded="$out/daily-$CARDS.db"; db="$out/daily-run.db"
dotnet build bench/Jobs -c Release -o "$out/jobs" --nologo -v quiet >/dev/null
export Database__BenchCards="$CARDS" Database__SeedDemoData=false DOTNET_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning Notifications__Email__PickupDirectory="$PWD/$out/mail" Notifications__Sms__Sender=Log
if [ ! -f "$seeded" ]; then
    ConnectionStrings__PosRenewal="Data Source=$seeded" dotnet "$out/jobs/Jobs.dll" seed
    sqlite3 "$seeded" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
fi
: > "$out/daily-runs.txt"
for run in $(seq 1 "$RUNS"); do
    echo "run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    rm -f "$db" "$db-wal" "$db-shm"; cp "$seeded" "$db"
    ConnectionStrings__PosRenewal="Data Source=$db" /usr/bin/time -f "process: %e s wall, %M KB max resident" \
        dotnet "$out/jobs/Jobs.dll" run 2>&1 | tee -a "$out/daily-runs.txt"
done

# Per pass: the table's lifecycle and reminders columns added up, median over the runs.
python3 - "$out/daily-runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 9 and cells[1] in ("first pass (go-live)", "same day again", "next day"):
        runs.setdefault(cells[1], []).append((float(cells[3]) + float(cells[5]), float(cells[9].replace(",", ""))))
        moved, queued = int(cells[4].replace(",", "")), int(cells[6].replace(",", ""))
        # A first pass that moved or queued nothing, or a same-day repeat that did anything, is not a measurement.
        if (moved == 0 or queued == 0) if cells[1] != "same day again" else (moved, queued) != (0, 0):
            sys.exit(f"not the daily job's work: {line.strip()}")
print("\n| pass | lifecycle + reminders, each run (s) | median (s) | peak working set, highest (MB) |")
print("|---|---|---|---|")
for name, values in runs.items():
    print(f"| {name} | {', '.join(f'{t:.1f}' for t, _ in values)} | **{statistics.median(t for t, _ in values):.1f}** | {max(m for _, m in values):.0f} |")
PY
