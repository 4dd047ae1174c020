# shellcheck shell=bash
# The service as ops/run and ops/bench run it: published for this machine's runtime. Not ReadyToRun: precompiled code
# started faster (0.85 s against 1.22 s to the first allocation) but ran slower for good (show by id 19,000-23,000/s
# against 24,000-25,000/s once warm: the JIT's dynamic PGO sees less of it), and both starts meet issue 8's 1.5 s
# (docs/performance.md, "Cold start and memory"). The tests and the other scripts use the build output, the same code.
# cloudnet_publish [configuration (Release)] publishes into src/CloudNet.Api/bin/<configuration>/publish and prints the
# path of its CloudNet.Api.dll. (Run it with src/CloudNet.Api as the working directory: appsettings.json is read there.)
cloudnet_publish() {
  local configuration=${1:-Release} api out
  api="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/src/CloudNet.Api"
  out="$api/bin/$configuration/publish"
  # Afresh: publish skips a file whose copy in the folder is newer, so one settings change would leave the old build's
  # libraries in place (it did, when ReadyToRun was switched off).
  rm -rf "$out"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$api/CloudNet.Api.csproj" -c "$configuration" \
    --use-current-runtime --self-contained false -o "$out" -v quiet -nologo >&2
  echo "$out/CloudNet.Api.dll"
}
