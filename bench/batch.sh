#!/usr/bin/env bash
# A batch renewal of CARDS cards (default 1,000, the most a batch takes) of one agent, on a fresh SQLite
# database: preview, place, place again (the same submission), and pay once from the agent's balance, which
# marks every order paid and queues every activation in one transaction. Uses the services the batch pages
# run (bench/Jobs, no web server). Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
CARDS="${CARDS:-1000}"
out=bench/results; mkdir -p "$out"
db="$out/batch-run.db"
rm -f "$db" "$db-wal" "$db-shm"
dotnet build bench/Jobs -c Release -o "$out/jobs" --nologo -v quiet >/dev/null
export Database__SeedDemoData=false DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ConnectionStrings__PosRenewal="Data Source=$db" dotnet "$out/jobs/Jobs.dll" batch "$CARDS"
