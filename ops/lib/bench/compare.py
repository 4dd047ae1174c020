#!/usr/bin/env python3
"""Issue 18's before/after measurements: two builds of the service side by side in one run, each on a database of its
own on the same PostgreSQL, their wrk scenarios interleaved (before, after, before, after…) so that whatever else loads
the machine weighs on both alike, and the raw-SQL references (ops/reference) measured in the same run. Run by hand with
the environment ops/bench sets up, plus BENCH_BEFORE_DLL and BENCH_AFTER_DLL (two published builds) and
BENCH_SCENARIOS (allocate,privateip,port,server,show; show's reference is pgbench select-only). `ops/bench-compare`
does all of it. Prints a Markdown table on stdout."""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402

BUILDS = {"before": os.environ["BENCH_BEFORE_DLL"], "after": os.environ["BENCH_AFTER_DLL"]}
SCENARIOS = os.environ.get("BENCH_SCENARIOS", "allocate,privateip,port,server").split(",")
REFERENCE = {"allocate": "floating-ip", "privateip": "private-ip", "port": "port", "server": "server"}


def prepare(port, tok):
    """Each scenario's wrk script against the service on `port`."""
    call = lambda m, p, b=None: perf.call(m, p, tok, b, port=port)
    net = call("POST", "/os-networksv2", {"network": {"label": "bench", "cidr": "10.200.0.0/16"}})["network"]["id"]
    ports_net = call("POST", "/v2.0/networks", {"network": {"name": "bench-ports"}})["network"]["id"]
    call("POST", "/v2.0/subnets", {"subnet": {"network_id": ports_net, "cidr": "10.201.0.0/16", "ip_version": 4}})
    fip = call("POST", "/os-floating-ips", {"pool": "allocate"})["floating_ip"]["id"]
    bodies = {
        "show": ("GET", f"/os-floating-ips/{fip}", None),
        "allocate": ("POST", "/os-floating-ips", {"pool": "allocate"}),
        "privateip": ("POST", f"/v1/{perf.PROJECT}/privateips", {"privateips": [{"subnet_id": net}]}),
        "port": ("POST", "/v2.0/ports", {"port": {"network_id": ports_net}}),
        "server": ("POST", "/servers", {"server": {"name": "bench", "imageRef": "i", "flavorRef": "f", "networks": [{"uuid": ports_net}]}}),
    }
    return {s: perf.lua(f"{s}-{port}", m, p, tok, b) for s, (m, p, b) in bodies.items()}


def main():
    base = perf.CONN
    services, scripts = {}, {}
    for i, (name, dll) in enumerate(BUILDS.items()):
        db = f"{perf.pg_database()}_{name}"
        perf.sql(f"drop database if exists {db} with (force)")
        perf.sql(f"create database {db}")
        perf.SERVICE_ENV["ConnectionStrings__Postgres"] = base.replace(f"Database={perf.pg_database()}", f"Database={db}")
        perf.SERVICE_DLL = dll
        s = perf.Service(port=perf.PORT + 20 + i, name=name).start()
        s.wait_healthy()
        services[name] = s
        scripts[name] = prepare(s.port, perf.token(port=s.port))
    # The references need the schema: the bench database gets it from a short start of the later build.
    perf.SERVICE_ENV["ConnectionStrings__Postgres"] = base
    schema = perf.Service(port=perf.PORT + 30, name="schema").start()
    schema.wait_healthy()
    schema.stop()
    insert, select = perf.run_pgbench()
    # The raw-SQL references take minutes: only when a write scenario is compared.
    refs = perf.run_references() if any(s in REFERENCE for s in SCENARIOS) else {}
    rows = []
    for scenario in SCENARIOS:
        got = {}
        for name in BUILDS:
            got[name] = perf.scenario(f"{scenario} ({name})", scripts[name][scenario], port=services[name].port)
        one = refs[REFERENCE[scenario]]["function"][0] if scenario in REFERENCE else select[0]
        cells = [f"{got[n]['rps']:.0f}/s, p99 {got[n]['p99_us']/1000:.0f} ms, {got[n]['rps']/one:.1%}"
                 + (" FAILED" if got[n]["failed"] else "") for n in BUILDS]
        rows.append(f"| {scenario} | {one:.0f}/s | " + " | ".join(cells) + " |")
    for s in services.values():
        s.stop()
    print(f"pgbench single-row insert in the same run: {insert[0]:.0f} tps; select-only: {select[0]:.0f} tps")
    print()
    print("| scenario | its one-round-trip reference | before: rate, p99, share of reference | after: rate, p99, share of reference |")
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    try:
        main()
    finally:
        for s in list(perf.RUNNING):
            s.stop()
