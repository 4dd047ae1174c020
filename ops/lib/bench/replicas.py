#!/usr/bin/env python3
"""Issue 23's benchmark (driven by ops/bench-replicas): GET throughput with and without reads on the standby, on one
pg_auto_failover formation (a primary and a synchronous standby), and how often a read that follows its own write
had to wait for the standby or fall back to the primary. wrk and the service as ops/bench runs them (perf.py's
helpers). Prints the Markdown table on stdout."""
import json, os, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402  (reads ConnectionStrings__Postgres and BENCH_PSQL at import)
import service_client  # noqa: E402

READS = os.environ["BENCH_READS"]
SECONDS = perf.DURATION
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "15"))
MIXED_CLIENTS = int(os.environ.get("BENCH_MIXED_CLIENTS", "8"))


def read_your_writes(port):
    """Each client: allocate, then show what it allocated at once, for MIXED_SECONDS. Counts where each read was
    answered (X-CloudNet-Read-From) and any read that did not find the write."""
    tok = perf.token(port=port)
    outcomes, missed, lock, stop = {}, [0], threading.Lock(), threading.Event()

    def client():
        conn = service_client.connect("127.0.0.1", port)
        headers = {"X-Auth-Token": tok, "Accept": "application/json"}
        while not stop.is_set():
            conn.request("POST", "/os-floating-ips", headers=headers)
            r = conn.getresponse()
            body = r.read()
            if r.status != 202:
                continue
            fid = json.loads(body)["floating_ip"]["id"]
            conn.request("GET", f"/os-floating-ips/{fid}", headers=headers)
            r = conn.getresponse()
            r.read()
            with lock:
                where = r.getheader("X-CloudNet-Read-From") or "(none)"
                outcomes[where] = outcomes.get(where, 0) + 1
                if r.status != 200:
                    missed[0] += 1
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(MIXED_CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(MIXED_SECONDS)
    stop.set()
    for t in threads:
        t.join(30)
    return outcomes, missed[0]


def measure(label, reads_from_standby, rows):
    env = perf.SERVICE_ENV
    env.pop("ConnectionStrings__PostgresReads", None)
    if reads_from_standby:
        env["ConnectionStrings__PostgresReads"] = READS
    service = perf.Service(name=label).start()
    perf.log(f"{label}: healthy after {service.wait_healthy():.2f} s")
    try:
        demo, other = perf.token("demo"), perf.token("other")
        held = len(perf.call("GET", "/os-floating-ips", other)["floating_ips"])
        while held < 100:
            perf.call("POST", "/os-floating-ips", other)
            held += 1
        fip = perf.call("POST", "/os-floating-ips", demo)["floating_ip"]["id"]
        show = perf.scenario(f"{label} show", perf.lua(f"{label}-show", "GET", f"/os-floating-ips/{fip}", demo), seconds=SECONDS)
        listed = perf.scenario(f"{label} list", perf.lua(f"{label}-list", "GET", "/os-floating-ips", other), seconds=SECONDS)
        outcomes, missed = read_your_writes(service.port)
    finally:
        service.stop()
    total = sum(outcomes.values()) or 1
    share = ", ".join(f"{k} {100 * v / total:.1f}%" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1]))
    for name, r in (("show by id", show), (f"list {held} floating IPs", listed)):
        status = "FAILED (non-2xx)" if r["failed"] else ""
        rows.append(f"| {name} | {label} | {r['rps']:.0f} | {perf.ms(r['p50_us'])} | {perf.ms(r['p99_us'])} | {status} |")
    rows.append(f"| write then read at once, {MIXED_CLIENTS} clients | {label} | {sum(outcomes.values()) / MIXED_SECONDS:.0f} pairs/s | "
                f"– | – | reads from: {share}; {missed} did not see their write |")


def main():
    rows = ["| scenario | reads on | requests/s | p50 | p99 | notes |", "|---|---|---|---|---|---|"]
    try:
        measure("primary", False, rows)
        measure("standby", True, rows)
    finally:
        for s in list(perf.RUNNING):
            s.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
