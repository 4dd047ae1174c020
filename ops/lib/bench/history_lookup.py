#!/usr/bin/env python3
"""Holder-at-instant lookup cost as the event log grows (issue 7): the same lookup on a log of ~100 events and
on one of >= 100,000, against a running service. Standard library only. Prints one line per phase and a
Markdown table on stdout's last lines; ops/bench-history writes it to docs/history-lookup-benchmark.md."""
import json, os, statistics, sys, threading, time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_client  # noqa: E402

HOST, PORT = os.environ.get("BENCH_HOST", "127.0.0.1"), int(os.environ.get("BENCH_PORT", "8790"))
SCHEMA = os.environ.get("BENCH_SCHEMA", "cloudnet")
PSQL = os.environ["BENCH_PSQL"].split()  # e.g. "psql -h 127.0.0.1 -p 54329 -U postgres -d bench"
TARGET_EVENTS = int(os.environ.get("BENCH_EVENTS", "100000"))
LOOKUPS = int(os.environ.get("BENCH_LOOKUPS", "1000"))
PUBLIC_NET = "00000000-0000-0000-0000-000000000000"


log = service_client.logger("bench-history")
call = service_client.call


def connect():
    return service_client.connect(HOST, PORT, timeout=30)


def token():
    return service_client.token(connect(), "demo", "demo-password")


def sql(query):
    return service_client.sql(PSQL, query)


def event_count():
    return int(sql(f"select count(*) from {SCHEMA}.mt_events"))


def cycle(conn, tok):
    """A server created and deleted: 14 events (its own, and each of its three addresses in two streams)."""
    server = call(conn, "POST", "/servers", tok, {"server": {"name": "bench", "imageRef": "i", "flavorRef": "f"}}, expect=(202,))
    call(conn, "DELETE", f"/servers/{server['server']['id']}", tok, expect=(204,))


def grow(tok, until, threads=8):
    errors, lock = [], threading.Lock()
    started, start_count = time.time(), event_count()

    def worker():
        conn = connect()
        try:
            while True:
                with lock:
                    if errors or grow.done:
                        return
                cycle(conn, tok)
        except BaseException as e:  # a non-2xx stops the run: errors are not throughput
            with lock:
                errors.append(e)

    grow.done = False
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    last = 0
    while True:
        time.sleep(1)
        count = event_count()
        if time.time() - last >= 10:
            rate = (count - start_count) / (time.time() - started)
            log(f"{count:,} events ({rate:,.0f} events/s written)")
            last = time.time()
        if count >= until or errors:
            break
    grow.done = True
    for w in workers:
        w.join()
    if errors:
        raise SystemExit(f"load failed: {errors[0]}")
    return event_count()


def measure(tok, address, at, held=True):
    conn = connect()
    path = f"/history/addresses/{address}?network_id={PUBLIC_NET}&at={at}"
    for _ in range(50):  # warm-up
        call(conn, "GET", path, tok)
    times = []
    for _ in range(LOOKUPS):
        t = time.perf_counter()
        answer = call(conn, "GET", path, tok)
        times.append((time.perf_counter() - t) * 1000)
    assert answer["held"] is held, answer
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], answer


def buffers(address, at):
    """Shared buffers the lookup's SQL touches (EXPLAIN ANALYZE BUFFERS): the cost independent of machine noise."""
    plan = sql(f"""explain (analyze, buffers, format json)
        select * from {SCHEMA}.address_holdings h where h.address = '{address}' and h.network_id = '{PUBLIC_NET}'
        and h.from_at <= '{at}' order by h.from_at desc limit 2""")
    top = json.loads(plan)[0]["Plan"]
    return top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0), top["Plans"][0]["Node Type"] if "Plans" in top else top["Node Type"]


def main():
    tok = token()
    conn = connect()
    for _ in range(7):
        cycle(conn, tok)
    # The address every cycle used first (released addresses are reused lowest first), held now by a kept server.
    kept = call(conn, "POST", "/servers", tok, {"server": {"name": "kept", "imageRef": "i", "flavorRef": "f"}}, expect=(202,))
    server = call(conn, "GET", f"/servers/{kept['server']['id']}", tok)["server"]
    address = server["addresses"]["public"][0]["addr"]
    at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    rows = []
    small = event_count()
    p50, p99, answer = measure(tok, address, at)
    blocks, node = buffers(address, at)
    intervals = int(sql(f"select count(*) from {SCHEMA}.address_holdings where address = '{address}'"))
    log(f"{small:,} events: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {blocks} buffers ({node}), {intervals} intervals of {address}")
    rows.append((small, intervals, p50, p99, blocks))

    large = grow(tok, TARGET_EVENTS)
    p50, p99, answer = measure(tok, address, at)
    blocks, node = buffers(address, at)
    intervals = int(sql(f"select count(*) from {SCHEMA}.address_holdings where address = '{address}'"))
    log(f"{large:,} events: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {blocks} buffers ({node}), {intervals} intervals of {address}")
    rows.append((large, intervals, p50, p99, blocks))

    # The hardest address: the one re-used by most cycles, asked about at an instant in the middle of its history.
    hot, count = sql(f"""select host(address), count(*) from {SCHEMA}.address_holdings where network_id = '{PUBLIC_NET}'
        group by address order by count(*) desc limit 1""").split("|")
    middle_at = sql(f"""select to_char(from_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from {SCHEMA}.address_holdings
        where network_id = '{PUBLIC_NET}' and address = '{hot}' order by from_at offset {int(count) // 2} limit 1""")
    p50, p99, answer = measure(tok, hot, middle_at)
    blocks, node = buffers(hot, middle_at)
    log(f"{large:,} events, {int(count):,} intervals of {hot}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {blocks} buffers ({node})")
    rows.append((large, int(count), p50, p99, blocks))

    print("| events in the log | intervals of the address | p50 | p99 | buffers read by the SQL |")
    print("|---:|---:|---:|---:|---:|")
    for events, n, a, b, blk in rows:
        print(f"| {events:,} | {n:,} | {a:.2f} ms | {b:.2f} ms | {blk} |")
    print(f"\nRatio p50 large/small: {rows[1][2] / rows[0][2]:.2f} (same address), {rows[2][2] / rows[0][2]:.2f} (the most re-used "
          f"address, at an instant in the middle of its history); the lookup is "
          f"`GET /history/addresses/{{a}}?network_id=PublicNet&at=T`, {LOOKUPS} sequential requests after 50 warm-up ones, "
          f"one keep-alive connection.")


if __name__ == "__main__":
    main()
