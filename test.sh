#!/usr/bin/env bash
# The test command: every layer (grains, storage on SQLite and Azurite, hub on Kestrel, browser).
# Needs the .NET 10 SDK, Node.js 20+ and /usr/bin/chromium (Debian package "chromium").
set -euo pipefail
cd "$(dirname "$0")"

# Azurite (pinned in package.json) for the Azure Storage tests; the web client's packages are
# installed by the server's build.
npm ci --no-audit --no-fund --loglevel=error

dotnet build HubRealtime.sln -c Release -warnaserror --nologo -v minimal

# The web client's unit tests (vitest; the build above installed its packages).
(cd src/HubRealtime.Server/ClientApp && npm test)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test HubRealtime.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
