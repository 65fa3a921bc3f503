#!/usr/bin/env bash
# Refreshes the documentation's screenshots: runs the browser tests (which write artifacts/screenshots/)
# and copies their pictures here. The test run itself never touches docs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf artifacts/screenshots
dotnet test tests/PosRenewal.BrowserTests
cp artifacts/screenshots/*.png docs/screenshots/
# The page walk: every page per role, in zh and en, at 360 px (phone) and 1280 px (desktop).
mkdir -p docs/screenshots/walk
cp artifacts/screenshots/walk/*.png docs/screenshots/walk/
git status --short docs/screenshots
