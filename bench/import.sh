#!/usr/bin/env bash
# A card inventory import of LINES lines (default 100,000) into a fresh SQLite database, then the same file
# again (must change nothing): time, lines per second, memory. Uses the importer the admin upload runs
# (bench/Jobs, no web server). WARMUP_LINES=N first imports N other new cards, untimed, in the same process: a
# portal that has run an import since it started (the JIT has compiled the importer). Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${LINES:-100000}" WARMUP_LINES="${WARMUP_LINES:-0}"
out=bench/results; mkdir -p "$out"
db="$out/import-run.db"
rm -f "$db" "$db-wal" "$db-shm"
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
ConnectionStrings__PosRenewal="Data Source=$db" /usr/bin/time -f "process: %e s wall, %M KB max resident" dotnet "$out/jobs/Jobs.dll" import "$file" "${warmup[@]}"
