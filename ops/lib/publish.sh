# shellcheck shell=bash
# The service as ops/run and ops/bench run it: published for this machine's runtime and ReadyToRun, i.e. with the
# service's and its libraries' code (Marten, Wolverine, Npgsql…) compiled to native code ahead of time, so that
# start-up JIT-compiles much less (measured in docs/performance.md, "Cold start and memory"). The tests and the other
# scripts use the plain build output, which behaves the same, only starts slower.
# cloudnet_publish [configuration (Release)] publishes into src/CloudNet.Api/bin/<configuration>/publish and prints the
# path of its CloudNet.Api.dll. (Run it with src/CloudNet.Api as the working directory: appsettings.json is read there.)
cloudnet_publish() {
  local configuration=${1:-Release} api out
  api="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/src/CloudNet.Api"
  out="$api/bin/$configuration/publish"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$api/CloudNet.Api.csproj" -c "$configuration" \
    --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$out" -v quiet -nologo >&2
  echo "$out/CloudNet.Api.dll"
}
