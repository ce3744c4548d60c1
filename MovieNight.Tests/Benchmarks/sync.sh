#!/usr/bin/env bash
# MovieNight's Trakt sync benchmark (issue 8): the real app's sync, hosted in-process, against the fake
# Trakt of the tests (real rate limits, pages of 250, no added latency) for a member holding 10,000
# plays, 2,000 ratings and 500 watchlist items. Prints, for the first import, a sync with nothing new
# and pushing 500 pending watches: requests by method and path, wall time against a reference measured
# in the same run (a plain HttpClient sending the same requests to the same fake), and memory.
# Exit code 1 if a request-count target is missed. Takes about a minute. Not part of `dotnet test`.
#
#   MovieNight.Tests/Benchmarks/sync.sh [--plays 10000] [--ratings 2000] [--watchlist 500] [--push 500]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/movienight-syncbench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "Building the sync benchmark (Release)..."
dotnet build "$here/../SyncBenchmark/MovieNight.SyncBenchmark.csproj" -c Release -o "$work/bench" --nologo -v quiet
# The app's content root (WebApplicationFactory finds no solution next to the build output).
ASPNETCORE_TEST_CONTENTROOT_MOVIENIGHT_WEB="$repo/MovieNight.Web" dotnet "$work/bench/MovieNight.SyncBenchmark.dll" "$@"
