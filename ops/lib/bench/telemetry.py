#!/usr/bin/env python3
"""What observability costs (driven by ops/bench-telemetry): requests/s of a read (GET /os-floating-ips/{id}) and of an
allocation (POST /os-floating-ips) under wrk, and the service's own CPU time per request (user + system, from /proc,
over the measured run), with three instances of the service on one database, one per way of running it:
  off      Metrics__Enabled=false and no OTLP endpoint: no MeterProvider, no TracerProvider;
  metrics  the default: OpenTelemetry's meters and /metrics, scraped every 5 s as Prometheus would;
  traces   metrics as above, and every request traced and exported over OTLP/HTTP to a receiver on loopback that
           answers 200 and drops the spans (a collector's cost is not the service's).
The three are loaded at the same time, each by its own wrk: on a machine shared with other work, whatever else runs
then weighs on all three alike, which running them one after the other could not promise (it did not: the same
configuration measured 1,600 and 3,700 requests/s in two rounds). The table gives the median of BENCH_ROUNDS (3) rounds,
each with fresh instances. Standard library only; prints progress on stderr, the table on stdout."""
import http.server, os, statistics, sys, threading, time, base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402  (the service, wrk and Lua helpers of ops/bench)
import service_client  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
OTLP_PORT = int(os.environ.get("BENCH_OTLP_PORT", "4319"))
MODES = {
    "off": {"Metrics__Enabled": "false"},
    "metrics": {},
    "traces": {"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{OTLP_PORT}", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"},
}
# A /16 pool per mode, so that no mode allocates where a slower or faster one left off.
POOLS = {"off": "10.110.0.0/16", "metrics": "10.111.0.0/16", "traces": "10.112.0.0/16"}
BASE_ENV = dict(perf.SERVICE_ENV)
BASE_ENV.update({k: v for i, (name, cidr) in enumerate(POOLS.items())
                 for k, v in ((f"FloatingIpPools__{10 + i}__Name", f"tel-{name}"), (f"FloatingIpPools__{10 + i}__Cidr", cidr))})


class Receiver(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP endpoint that takes every export and keeps nothing."""
    exports = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.exports += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def scraper(port, stop):
    """Prometheus' part: GET /metrics every 5 s with the admin account."""
    auth = "Basic " + base64.b64encode(b"admin:admin-password").decode()
    while not stop.wait(5):
        try:
            conn = service_client.connect("127.0.0.1", port)
            conn.request("GET", "/metrics", headers={"Authorization": auth})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
            conn.close()
        except OSError as e:
            perf.log(f"scrape failed: {e}")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat, fields 14 and 15, in clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(mode, port):
    perf.SERVICE_ENV.clear()
    perf.SERVICE_ENV.update(BASE_ENV)
    perf.SERVICE_ENV.update(MODES[mode])
    return perf.Service(port=port, name=f"telemetry-{mode}").start()


def side_by_side(services, scripts):
    """Warm-up, then the measured run, of every instance at once; each run with its instance's CPU time per request."""
    for proc in [perf.wrk_async(scripts[m], perf.WARMUP, perf.C, s.port) for m, s in services.items()]:
        proc.communicate()
    before = {m: cpu_seconds(s.proc.pid) for m, s in services.items()}
    procs = {m: perf.wrk_async(scripts[m], perf.DURATION, perf.C, s.port) for m, s in services.items()}
    results = {m: perf.wrk_result(p) for m, p in procs.items()}
    for m, r in results.items():
        r["cpu_ms"] = (cpu_seconds(services[m].proc.pid) - before[m]) * 1000 / max(1, r["ok"] + r["bad"])
    return results


def measure_round():
    services = {}
    stop = threading.Event()
    try:
        # One after the other: the first start of a fresh database migrates it.
        for i, mode in enumerate(MODES):
            services[mode] = start(mode, perf.PORT + i)
            services[mode].wait_healthy()
        for mode, s in services.items():
            if mode != "off":
                threading.Thread(target=scraper, args=(s.port, stop), daemon=True).start()
        show, allocate = {}, {}
        for mode, s in services.items():
            demo = perf.token("demo", port=s.port)
            fip = perf.call("POST", "/os-floating-ips", demo, {"pool": f"tel-{mode}"}, port=s.port)["floating_ip"]["id"]
            show[mode] = perf.lua(f"show-{mode}", "GET", f"/os-floating-ips/{fip}", demo)
            allocate[mode] = perf.lua(f"allocate-{mode}", "POST", "/os-floating-ips", demo, {"pool": f"tel-{mode}"})
        measured = {"show": side_by_side(services, show), "allocate": side_by_side(services, allocate)}
        for name, results in measured.items():
            for mode, r in results.items():
                perf.log(f"{mode} {name}: {r['rps']:.0f}/s, p99 {r['p99_us']/1000:.2f} ms, {r['cpu_ms']:.3f} ms CPU per request, "
                         f"{r['ok']} 2xx, {r['bad']} non-2xx, {r['socket_errors']} socket errors {r['first_bad']}")
        return measured
    finally:
        stop.set()
        for s in services.values():
            s.stop()


def main():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", OTLP_PORT), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    results = {mode: {"show": [], "allocate": []} for mode in MODES}
    for round_ in range(ROUNDS):
        perf.log(f"round {round_ + 1}/{ROUNDS}")
        for name, by_mode in measure_round().items():
            for mode, r in by_mode.items():
                results[mode][name].append(r)
    receiver.shutdown()
    perf.log(f"the OTLP receiver took {Receiver.exports} exports")

    def cell(mode, name):
        runs = results[mode][name]
        rps = statistics.median(r["rps"] for r in runs)
        off = statistics.median(r["rps"] for r in results["off"][name])
        p99 = statistics.median(r["p99_us"] for r in runs) / 1000
        cpu = statistics.median(r["cpu_ms"] for r in runs)
        cpu_off = statistics.median(r["cpu_ms"] for r in results["off"][name])
        change = "" if mode == "off" else f" ({(rps / off - 1):+.1%})"
        cpu_change = "" if mode == "off" else f" ({(cpu / cpu_off - 1):+.1%})"
        each = ", ".join(f"{r['rps']:,.0f}" for r in runs)
        # requests/s counts 2xx only; a run with any other answer or a socket error (wrk's 10 s timeout) says so.
        errors = sum(r["bad"] + r["socket_errors"] for r in runs)
        flag = f", {errors} non-2xx or socket errors" if errors else ""
        return f"{rps:,.0f}/s{change} ({each}{flag}), p99 {p99:.1f} ms | {cpu * 1000:.0f} µs{cpu_change}"

    print("| telemetry | GET /os-floating-ips/{id}: requests/s (each round), p99 | CPU per request | POST /os-floating-ips: requests/s (each round), p99 | CPU per request |")
    print("|---|---|---|---|---|")
    labels = {"off": "off (`Metrics__Enabled=false`, no OTLP endpoint)", "metrics": "metrics (the default), scraped every 5 s",
              "traces": "metrics and traces, every request exported over OTLP"}
    for mode in MODES:
        print(f"| {labels[mode]} | {cell(mode, 'show')} | {cell(mode, 'allocate')} |")


if __name__ == "__main__":
    try:
        main()
    finally:
        for s in list(perf.RUNNING):
            s.stop()
