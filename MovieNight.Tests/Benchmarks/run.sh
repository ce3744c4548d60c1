#!/usr/bin/env bash
# MovieNight's load benchmark: the week page and vote toggles under concurrent clients (issue 3).
# Publishes the app in Release, seeds throw-away households in a temp directory, starts the
# published app on a free 127.0.0.1 port and loads it from this same machine. Prints req/s,
# p50/p99 latency, errors, idle and peak memory, and checks that every acknowledged vote is in the
# database and that no page shows a stale tally. Takes about 2.5 minutes; run it on an otherwise
# idle machine (it waits up to --quiet-wait seconds for other processes to go quiet). Not part of `dotnet test`.
#
#   MovieNight.Tests/Benchmarks/run.sh [--duration 20] [--warmup 10] [--page-connections 64] [--voters 32] [--quiet-wait 120] [--only page|votes|import]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/movienight-bench.XXXXXX")"
# Kept when something fails: the app's logs are in $work/run/app-*.log.
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$work"; else echo "Left $work for a look (app logs in run/)." >&2; fi' EXIT

echo "Publishing MovieNight.Web (Release) and building the load generator..."
dotnet publish "$repo/MovieNight.Web/MovieNight.Web.csproj" -c Release -o "$work/app" --nologo -v quiet
dotnet build "$here/MovieNight.Benchmarks.csproj" -c Release -o "$work/bench" --nologo -v quiet

# The yardstick for idle memory: the empty Razor Pages template, published the same way (offline: the
# template ships with the SDK and needs no package beyond the shared framework).
reference=()
if dotnet new razor -o "$work/razor-reference" -n razor-reference --no-https >/dev/null 2>&1 &&
   dotnet publish "$work/razor-reference" -c Release -o "$work/razor-app" --nologo -v quiet >/dev/null 2>&1; then
  reference=(--reference-razor "$work/razor-app")
else
  echo "Could not build the empty Razor Pages template; idle memory is reported without its yardstick." >&2
fi

# Socket completions run inline on the generator's epoll threads: less of the two cores for the client.
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$work/bench/MovieNight.Benchmarks.dll" --app "$work/app" --work "$work/run" "${reference[@]}" "$@"
