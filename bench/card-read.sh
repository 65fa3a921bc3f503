#!/usr/bin/env bash
# The card page's database read alone, per card, on one thread: EF's compiled query against CardLookup (the statement
# kept prepared on connections held open), over random cards of the database bench/card-page.sh uses
# (bench/results/cards-$CARDS.db, seeded here the same way when missing). Needs: dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
CARDS="${CARDS:-1000000}"
out=bench/results; mkdir -p "$out"
db="$out/cards-$CARDS.db"
dotnet build bench/Jobs -c Release -o "$out/jobs" --nologo -v quiet >/dev/null
export Database__BenchCards="$CARDS" Database__SeedDemoData=true DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ConnectionStrings__PosRenewal="Data Source=$PWD/$db" dotnet "$out/jobs/Jobs.dll" cardread
