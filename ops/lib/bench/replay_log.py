#!/usr/bin/env python3
"""Grows an event log of every kind through the service's HTTP API, for ops/bench-replay (issue 7's rebuild, export and
import figures). Standard library only. Each worker thread repeats, as demo or other: a server created, a floating IP
allocated, associated, disassociated and released, a private IP assigned and deleted on a VPC subnet, the server
deleted (about 26 events); then a few resources are left held, so the read models and the IPAM state are not empty."""
import os, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_client  # noqa: E402

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8791"))
PSQL = os.environ["BENCH_PSQL"].split()
TARGET_EVENTS = int(os.environ.get("BENCH_EVENTS", "100000"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
ACCOUNTS = {"demo": ("demo-password", "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12"), "other": ("other-password", "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")}


log = service_client.logger("bench-replay")
call = service_client.call


def connect():
    return service_client.connect(HOST, PORT, timeout=60)


def token(user):
    return service_client.token(connect(), user, ACCOUNTS[user][0])


def event_count():
    return int(service_client.sql(PSQL, "select count(*) from cloudnet.mt_events"))


def vpc_subnet(conn, user, tok, second_octet):
    project = ACCOUNTS[user][1]
    vpc = call(conn, "POST", f"/v1/{project}/vpcs", tok, {"vpc": {"name": "bench", "cidr": f"10.{second_octet}.0.0/16"}})["vpc"]["id"]
    subnet = {"name": "bench", "cidr": f"10.{second_octet}.0.0/20", "gateway_ip": f"10.{second_octet}.0.1", "vpc_id": vpc}
    return call(conn, "POST", f"/v1/{project}/subnets", tok, {"subnet": subnet})["subnet"]["id"]


def cycle(conn, user, tok, subnet):
    project = ACCOUNTS[user][1]
    server = call(conn, "POST", "/servers", tok, {"server": {"name": "bench", "imageRef": "i", "flavorRef": "f"}}, expect=(202,))["server"]["id"]
    ip = call(conn, "POST", "/os-floating-ips", tok, expect=(202,))["floating_ip"]["ip"]
    call(conn, "POST", f"/servers/{server}/action", tok, {"addFloatingIp": {"address": ip}}, expect=(202,))
    call(conn, "POST", f"/servers/{server}/action", tok, {"removeFloatingIp": {"address": ip}}, expect=(202,))
    call(conn, "DELETE", f"/os-floating-ips/{ip}", tok, expect=(202,))
    private = call(conn, "POST", f"/v1/{project}/privateips", tok, {"privateips": [{"subnet_id": subnet}]})["privateips"][0]["id"]
    call(conn, "DELETE", f"/v1/{project}/privateips/{private}", tok, expect=(204,))
    call(conn, "DELETE", f"/servers/{server}", tok, expect=(204,))


def main():
    tokens = {user: token(user) for user in ACCOUNTS}
    conn = connect()
    subnets = {"demo": vpc_subnet(conn, "demo", tokens["demo"], 70), "other": vpc_subnet(conn, "other", tokens["other"], 71)}
    errors, lock, done = [], threading.Lock(), threading.Event()

    def worker(user):
        c = connect()
        try:
            while not done.is_set():
                cycle(c, user, tokens[user], subnets[user])
        except BaseException as e:  # a non-2xx stops the run: errors are not throughput
            with lock:
                errors.append(e)
            done.set()

    started, first = time.time(), event_count()
    workers = [threading.Thread(target=worker, args=("demo" if i % 2 == 0 else "other",)) for i in range(THREADS)]
    for w in workers:
        w.start()
    while not done.is_set():
        time.sleep(5)
        count = event_count()
        log(f"{count:,} events ({(count - first) / (time.time() - started):,.0f} events/s written)")
        if count >= TARGET_EVENTS:
            done.set()
    for w in workers:
        w.join()
    if errors:
        raise SystemExit(f"load failed: {errors[0]}")

    # Left held at the end: servers with floating IPs, private IPs.
    for user, tok in tokens.items():
        project = ACCOUNTS[user][1]
        for i in range(10):
            server = call(conn, "POST", "/servers", tok, {"server": {"name": f"kept-{i}", "imageRef": "i", "flavorRef": "f"}}, expect=(202,))["server"]["id"]
            ip = call(conn, "POST", "/os-floating-ips", tok, expect=(202,))["floating_ip"]["ip"]
            call(conn, "POST", f"/servers/{server}/action", tok, {"addFloatingIp": {"address": ip}}, expect=(202,))
        call(conn, "POST", f"/v1/{project}/privateips", tok, {"privateips": [{"subnet_id": subnets[user]}] * 50})
    log(f"{event_count():,} events in {time.time() - started:,.0f} s")


if __name__ == "__main__":
    main()
