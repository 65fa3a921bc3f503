#!/usr/bin/env bash
# The daily job (card lifecycle, then reminders) over CARDS cards (default 1,000,000) on SQLite: time,
# cards moved, notifications queued, memory. Seeds bench/results/daily.db once (kept for re-runs; delete it
# to start over), then copies it so every run starts from the same go-live state. Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
CARDS="${CARDS:-1000000}"
out=bench/results; mkdir -p "$out"
seeded="$out/daily-$CARDS.db"; db="$out/daily-run.db"
dotnet build bench/Jobs -c Release -o "$out/jobs" --nologo -v quiet >/dev/null
export Database__BenchCards="$CARDS" Database__SeedDemoData=false DOTNET_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning Notifications__Email__PickupDirectory="$PWD/$out/mail" Notifications__Sms__Sender=Log
if [ ! -f "$seeded" ]; then
    ConnectionStrings__PosRenewal="Data Source=$seeded" dotnet "$out/jobs/Jobs.dll" seed
    sqlite3 "$seeded" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
fi
rm -f "$db" "$db-wal" "$db-shm"; cp "$seeded" "$db"
ConnectionStrings__PosRenewal="Data Source=$db" /usr/bin/time -f "process: %e s wall, %M KB max resident" dotnet "$out/jobs/Jobs.dll" run
