#!/usr/bin/env python3
"""What observability costs (driven by ops/bench-telemetry): requests/s of a read (GET /os-floating-ips/{id}) and of an
allocation (POST /os-floating-ips) under wrk, with the service started three ways in turn, on the same database:
  off      Metrics__Enabled=false and no OTLP endpoint: no MeterProvider, no TracerProvider;
  metrics  the default: OpenTelemetry's meters and /metrics, scraped every 5 s as Prometheus would;
  traces   metrics as above, and every request traced and exported over OTLP/HTTP to a receiver on loopback that
           answers 200 and drops the spans (a collector's cost is not the service's).
The modes alternate for BENCH_ROUNDS rounds (2), so that the machine's other load falls on all of them alike; the table
gives each mode's median over the rounds. Standard library only; prints progress on stderr, the table on stdout."""
import http.server, os, statistics, sys, threading, time, base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402  (the service, wrk and Lua helpers of ops/bench)
import service_client  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
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


def measure(mode):
    perf.SERVICE_ENV.clear()
    perf.SERVICE_ENV.update(BASE_ENV)
    perf.SERVICE_ENV.update(MODES[mode])
    service = perf.Service(name=f"telemetry-{mode}").start()
    service.wait_healthy()
    stop = threading.Event()
    thread = threading.Thread(target=scraper, args=(perf.PORT, stop), daemon=True)
    if mode != "off":
        thread.start()
    try:
        demo = perf.token("demo")
        fip = perf.call("POST", "/os-floating-ips", demo, {"pool": f"tel-{mode}"})["floating_ip"]["id"]
        show = perf.scenario(f"{mode}: show", perf.lua(f"show-{mode}", "GET", f"/os-floating-ips/{fip}", demo))
        allocate = perf.scenario(f"{mode}: allocate", perf.lua(f"allocate-{mode}", "POST", "/os-floating-ips", demo,
                                                               {"pool": f"tel-{mode}"}))
        return show, allocate
    finally:
        stop.set()
        service.stop()


def main():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", OTLP_PORT), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    results = {mode: {"show": [], "allocate": []} for mode in MODES}
    for round_ in range(ROUNDS):
        for mode in MODES:
            perf.log(f"round {round_ + 1}/{ROUNDS}, {mode}")
            show, allocate = measure(mode)
            for name, r in (("show", show), ("allocate", allocate)):
                if r["failed"]:
                    raise SystemExit(f"{mode} {name}: {r['bad']} non-2xx, {r['socket_errors']} socket errors ({r['first_bad']})")
                results[mode][name].append(r)
    receiver.shutdown()
    perf.log(f"the OTLP receiver took {Receiver.exports} exports")

    def cell(mode, name):
        runs = results[mode][name]
        rps = statistics.median(r["rps"] for r in runs)
        off = statistics.median(r["rps"] for r in results["off"][name])
        p99 = statistics.median(r["p99_us"] for r in runs) / 1000
        change = "" if mode == "off" else f" ({(rps / off - 1):+.1%})"
        each = ", ".join(f"{r['rps']:,.0f}" for r in runs)
        return f"{rps:,.0f}/s{change}, p99 {p99:.1f} ms ({each})"

    print("| telemetry | GET /os-floating-ips/{id} | POST /os-floating-ips |")
    print("|---|---|---|")
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
