#!/usr/bin/env python3
"""Issue 8, part 2: where one POST /os-floating-ips spends its time. Run by ops/bench after the benchmark (or
alone with the same environment). The service talks to PostgreSQL through a counting TCP proxy in this process, so
every round trip (the service sends after PostgreSQL answered) and the time spent waiting for PostgreSQL's answers
are measured exactly; the profile database logs every statement (log_min_duration_statement = 0, set on that
database only) so the statements of one allocation can be listed with their server-side durations. Requests are
sequential on one connection, after a warm-up, so the figures are per request and not queueing."""
import asyncio, http.client, json, os, re, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402  (the benchmark's Service, call, token, sql)

N = int(os.environ.get("BENCH_PROFILE_REQUESTS", "200"))
LOGGED = int(os.environ.get("BENCH_PROFILE_LOGGED", "50"))  # allocations whose statements are averaged
PG_LOG = os.environ.get("BENCH_PG_LOG")


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.round_trips, self.wait, self.bytes_out, self.bytes_in = 0, 0.0, 0, 0


COUNT = Counter()


async def pump_conn(reader_c, writer_c, pg_host, pg_port):
    reader_s, writer_s = await asyncio.open_connection(pg_host, pg_port)
    state = {"waiting_since": None}

    async def c2s():
        while data := await reader_c.read(65536):
            if state["waiting_since"] is None:
                state["waiting_since"] = time.perf_counter()
                with COUNT.lock:
                    COUNT.round_trips += 1
            with COUNT.lock:
                COUNT.bytes_out += len(data)
            writer_s.write(data)
            await writer_s.drain()
        writer_s.close()

    async def s2c():
        while data := await reader_s.read(65536):
            if state["waiting_since"] is not None:
                with COUNT.lock:
                    COUNT.wait += time.perf_counter() - state["waiting_since"]
                state["waiting_since"] = None
            with COUNT.lock:
                COUNT.bytes_in += len(data)
            writer_c.write(data)
            await writer_c.drain()
        writer_c.close()

    await asyncio.gather(c2s(), s2c(), return_exceptions=True)


def start_proxy(pg_host, pg_port, listen_port):
    loop = asyncio.new_event_loop()

    async def serve():
        server = await asyncio.start_server(lambda r, w: pump_conn(r, w, pg_host, pg_port), "127.0.0.1", listen_port)
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True).start()
    time.sleep(0.3)


def measure(label, fn, n=N):
    for _ in range(20):
        fn()
    time.sleep(0.3)
    COUNT.reset()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    rt, wait = COUNT.round_trips / n, COUNT.wait / n
    mean = statistics.mean(times)
    perf.log(f"profile {label}: {mean*1000:.2f} ms mean, {rt:.1f} round trips, {wait*1000:.2f} ms waiting on PostgreSQL")
    return (label, f"{statistics.median(times)*1000:.2f} ms", f"{mean*1000:.2f} ms", f"{rt:.1f}",
            f"{wait*1000:.2f} ms", f"{max(mean - wait, 0)*1000:.2f} ms")


def statements_of_one_allocation(tok):
    """The statements of one allocation in the PostgreSQL log, with their server-side durations."""
    if not PG_LOG or not os.path.exists(PG_LOG):
        return []
    db = perf.pg_database()
    perf.sql(f"alter database {db} set log_min_duration_statement = 0")
    try:
        service = perf.Service(port=perf.PORT + 2, name="profile-log").start()
        service.wait_healthy()
        t = perf.token(port=service.port)
        for _ in range(5):
            perf.call("POST", "/os-floating-ips", t, port=service.port)
        time.sleep(0.5)
        start = os.path.getsize(PG_LOG)
        for _ in range(LOGGED):
            perf.call("POST", "/os-floating-ips", t, port=service.port)
        time.sleep(0.5)
        with open(PG_LOG, errors="replace") as f:
            f.seek(start)
            text = f.read()
        service.stop()
    finally:
        perf.sql(f"alter database {db} reset log_min_duration_statement")
    order, total = [], {}
    for m in re.finditer(r"duration: ([\d.]+) ms  (parse|bind|execute|statement)[^:]*: (.*?)(?=\n\S|\Z)", text, re.S):
        if m.group(2) in ("execute", "statement"):
            key = " ".join(m.group(3).split())[:150]
            if key not in total:
                order.append(key)
                total[key] = [0.0, 0]
            total[key][0] += float(m.group(1))
            total[key][1] += 1
    # Statements seen fewer than once per two allocations (the cached fault-rule check, Wolverine's background
    # polling) are not part of an allocation.
    return [(total[k][0] / LOGGED, total[k][1] / LOGGED, k) for k in order if total[k][1] >= LOGGED / 2]


def main():
    conn = perf.CONN
    host = re.search(r"Host=([^;]*)", conn).group(1)
    port = int(re.search(r"Port=([^;]*)", conn).group(1))
    proxy_port = int(os.environ.get("BENCH_PROXY_PORT", "54399"))
    start_proxy(host, port, proxy_port)
    perf.SERVICE_ENV["ConnectionStrings__Postgres"] = conn.replace(f"Port={port}", f"Port={proxy_port}")
    service = perf.Service(port=perf.PORT + 1, name="profile").start()
    try:
        service.wait_healthy()
        p = service.port
        tok = perf.token(port=p)
        fip = perf.call("POST", "/os-floating-ips", tok, port=p)["floating_ip"]["id"]
        net = perf.call("POST", "/os-networksv2", tok, {"network": {"label": "prof", "cidr": "10.201.0.0/16"}},
                        port=p)["network"]["id"]
        held = len(perf.call("GET", "/os-floating-ips", tok, port=p)["floating_ips"])
        rows = [
            measure("GET /health (no token)", lambda: perf.call("GET", "/health", port=p)),
            measure("GET /os-floating-ips/{id}", lambda: perf.call("GET", f"/os-floating-ips/{fip}", tok, port=p)),
            measure(f"POST /os-floating-ips (tenant holds {held}+)", lambda: perf.call("POST", "/os-floating-ips", tok, port=p)),
            measure("POST /v1/{project}/privateips (one)", lambda: perf.call(
                "POST", f"/v1/{perf.PROJECT}/privateips", tok, {"privateips": [{"subnet_id": net}]}, port=p)),
        ]
    finally:
        service.stop()
    print("| request (sequential, 1 connection, through the counting proxy) | p50 | mean | round trips to PostgreSQL | "
          "time waiting on PostgreSQL | rest (service, HTTP, client) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    stmts = statements_of_one_allocation(tok)
    if stmts:
        print()
        print(f"Statements per `POST /os-floating-ips` in PostgreSQL's log, averaged over {LOGGED} sequential allocations "
              f"({sum(n for _, n, _ in stmts):.1f} executed, {sum(d for d, _, _ in stmts):.2f} ms server-side in all):")
        print()
        print("| server ms | per request | statement (first 150 characters) |")
        print("|---|---|---|")
        for d, n, s in stmts:
            print(f"| {d:.3f} | {n:.1f} | `{s.replace('|', '¦')}` |")


if __name__ == "__main__":
    try:
        main()
    finally:
        for s in list(perf.RUNNING):
            s.stop()
