#!/usr/bin/env bash
# A card inventory import of LINES lines (default 100,000) into a fresh SQLite database, then the same file
# again (must change nothing): time, lines per second, memory. Uses the importer the admin upload runs
# (bench/Jobs, no web server). WARMUP_LINES=N first imports N other new cards, untimed, in the same process: a
# portal that has run an import since it started (the JIT has compiled the importer). RUNS runs (default 3), each
# into a fresh database, then the medians: these machines' speed moves by a quarter from hour to hour. Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${LINES:-100000}" WARMUP_LINES="${WARMUP_LINES:-0}" RUNS="${RUNS:-3}"
out=bench/results; mkdir -p "$out"
db="$out/import-run.db"
file="$out/import-$LINES.csv"
dotnet build bench/Jobs -c Release -o "$out/jobs" --nologo -v quiet >/dev/null
# The file is written once by its own process (kept for re-runs), so making it does not count in the import's memory.
[ -f "$file" ] || dotnet "$out/jobs/Jobs.dll" csv "$LINES" "$file"
warmup=()
if [ "$WARMUP_LINES" -gt 0 ]; then
    warmup=("$out/import-warmup-$WARMUP_LINES.csv")
    [ -f "${warmup[0]}" ] || dotnet "$out/jobs/Jobs.dll" csv "$WARMUP_LINES" "${warmup[0]}" 8986032
fi
export Database__SeedDemoData=false DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
: > "$out/import-runs.txt"
for run in $(seq 1 "$RUNS"); do
    echo "run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    rm -f "$db" "$db-wal" "$db-shm"
    ConnectionStrings__PosRenewal="Data Source=$db" /usr/bin/time -f "process: %e s wall, %M KB max resident" \
        dotnet "$out/jobs/Jobs.dll" import "$file" "${warmup[@]}" 2>&1 | tee -a "$out/import-runs.txt"
done

# Per import: the time and the peak working set of each run, median time over the runs.
python3 - "$out/import-runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 7 and cells[1] in ("first import (all new)", "same file again"):
        runs.setdefault(cells[1], []).append((float(cells[2]), float(cells[7].replace(",", ""))))
        counts = [int(c.replace(",", "")) for c in cells[4:7]]  # added, updated, unchanged
        # A run that imported nothing, or changed anything the second time, is not a measurement.
        if counts[0] == 0 if cells[1].startswith("first") else counts[:2] != [0, 0]:
            sys.exit(f"not an import of new cards then of the same file: {line.strip()}")
print("\n| import | time, each run (s) | median (s) | peak working set, highest (MB) |")
print("|---|---|---|---|")
for name, values in runs.items():
    print(f"| {name} | {', '.join(f'{t:.1f}' for t, _ in values)} | **{statistics.median(t for t, _ in values):.1f}** | {max(m for _, m in values):.0f} |")
PY
