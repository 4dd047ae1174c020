#!/usr/bin/env python3
"""Issue 8's benchmark (driven by ops/bench): PostgreSQL's own limit with pgbench, then the service under wrk,
on the same machine in the same run. Every wrk run counts the responses that are not 2xx through a Lua script; a
run with any of them (or any socket error) is reported as failed, never as throughput. Standard library only.
Prints progress on stderr and the Markdown table on stdout."""
import json, os, re, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_client  # noqa: E402
import reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
API_DIR = os.path.join(ROOT, "src", "CloudNet.Api")
PG_BIN = os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin")
CONN = os.environ["ConnectionStrings__Postgres"]
PSQL = os.environ["BENCH_PSQL"].split()
PORT = int(os.environ.get("BENCH_PORT", "8791"))
C = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
# Long enough for the JIT's tiered compilation (dynamic PGO) to settle under full load: with 5 s, show by id measured
# 21,000-23,000/s; with 15-20 s, 24,000-25,000/s.
WARMUP = int(os.environ.get("BENCH_WARMUP", "15"))
# pgbench needs no JIT warm-up: a few seconds fill the caches and the connections.
REFERENCE_WARMUP = int(os.environ.get("BENCH_REFERENCE_WARMUP", "3"))
FILL_BUDGET = int(os.environ.get("BENCH_FILL_SECONDS", "300"))
COLD_STARTS = int(os.environ.get("BENCH_COLD_STARTS", "3"))
# ops/bench publishes the service (ops/lib/publish.sh) and names its dll here; else the build output.
SERVICE_DLL = os.environ.get("BENCH_SERVICE_DLL", os.path.join("bin", "Release", "net10.0", "CloudNet.Api.dll"))
POOL_SIZE = 65536 - 2  # a /16 without network and broadcast (approximate ceiling for the fill)
# A /16 pool per allocating scenario, so that none starts where another left off (allocations now run at ~1,000/s:
# the scenarios together would fill one /16) and the fill starts from an empty pool.
POOLS = {"allocate": "10.100.0.0/16", "pair": "10.101.0.0/16", "scale": "10.102.0.0/16", "fill": "10.103.0.0/16"}
PROJECT = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12"
WORK = tempfile.mkdtemp(prefix="cloudnet-bench-")
SERVICE_ENV = {"ConnectionStrings__Postgres": CONN, "Quotas__FloatingIps": "1000000", "Quotas__Ports": "-1",
               "Quotas__Instances": "-1", "Quotas__Cores": "-1", "Quotas__Ram": "-1",
               "Limits__Enabled": "false", "Logging__LogLevel__Default": "Warning",
               **{k: v for i, (name, cidr) in enumerate(POOLS.items())
                  for k, v in ((f"FloatingIpPools__{i}__Name", name), (f"FloatingIpPools__{i}__Cidr", cidr))}}


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the service

def call(method, path, token=None, body=None, expect=(200, 201, 202), port=PORT):
    """One call on a connection of its own (the drivers' shared client, service_client.call)."""
    conn = service_client.connect("127.0.0.1", port)
    try:
        return service_client.call(conn, method, path, token, body, expect)
    finally:
        conn.close()


def token(user="demo", port=PORT):
    conn = service_client.connect("127.0.0.1", port)
    try:
        return service_client.token(conn, user, f"{user}-password")
    finally:
        conn.close()


RUNNING = set()  # the services this driver started and has not stopped


class Service:
    def __init__(self, port=PORT, name="service"):
        self.port, self.name = port, name
        self.log_path = os.path.join(WORK, f"{name}.log")

    def start(self):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(["dotnet", SERVICE_DLL,
                                      "--urls", f"http://127.0.0.1:{self.port}"], cwd=API_DIR,
                                     env={**os.environ, **SERVICE_ENV}, stdout=open(self.log_path, "a"),
                                     stderr=subprocess.STDOUT)
        RUNNING.add(self)
        return self

    def wait_healthy(self, timeout=90):
        while time.monotonic() - self.t0 < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = service_client.connect("127.0.0.1", self.port, timeout=3)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    return time.monotonic() - self.t0
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit(f"{self.name} not healthy after {timeout} s; see {self.log_path}")

    def stop(self):
        RUNNING.discard(self)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024


# ---------------------------------------------------------------- pgbench

def sql(query):
    return service_client.sql(PSQL, query)


def pgbench(args, seconds):
    cmd = [f"{PG_BIN}/pgbench", *pg_args(), "-c", str(C), "-j", str(THREADS), "-T", str(seconds), "-n", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    lat = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out)
    if failed and int(failed.group(1)):
        raise SystemExit(f"pgbench had failed transactions:\n{out}")
    return tps, lat


def pg_args():
    field = lambda k: re.search(rf"{k}=([^;]*)", CONN).group(1)
    os.environ["PGPASSWORD"] = field("Password")
    return ["-h", field("Host"), "-p", field("Port"), "-U", field("Username")]


def pg_database():
    return re.search(r"Database=([^;]*)", CONN).group(1)


def run_pgbench():
    db = pg_database()
    sql("create table if not exists bench_insert (id bigserial primary key, v int not null, at timestamptz not null default now())")
    script = os.path.join(WORK, "insert.sql")
    with open(script, "w") as f:
        f.write("insert into bench_insert (v) values (1);\n")
    log("pgbench: single-row insert")
    pgbench(["-f", script, db], WARMUP)
    insert = pgbench(["-f", script, db], DURATION)
    log(f"pgbench insert: {insert[0]:.0f} tps, {insert[1]:.2f} ms average")
    subprocess.run([f"{PG_BIN}/pgbench", *pg_args(), "-i", "-s", "10", "-q", db], check=True, capture_output=True)
    log("pgbench: select-only (-S, scale 10)")
    pgbench(["-S", db], WARMUP)
    select = pgbench(["-S", db], DURATION)
    log(f"pgbench select-only: {select[0]:.0f} tps, {select[1]:.2f} ms average")
    return insert, select


def run_references():
    """Issue 18's reference: each allocating command's writes in raw SQL (ops/reference), one statement per round trip
    and all in one round trip (a PL/pgSQL function), on the service's schema (made by the first service start)."""
    db = pg_database()
    subprocess.run(PSQL + ["-v", "ON_ERROR_STOP=1", "-qc", reference.setup_sql()], check=True, capture_output=True)
    results = {}
    for name in reference.SCENARIOS:
        subprocess.run(PSQL + ["-v", "ON_ERROR_STOP=1", "-qc", reference.function_sql(name)], check=True, capture_output=True)
        function = os.path.join(WORK, f"reference-{name}.sql")
        with open(function, "w") as f:
            f.write(reference.function_script(name))
        forms = {}
        for form, script in (("statements", reference.path(name)), ("function", function)):
            pgbench(["-f", script, db], REFERENCE_WARMUP)
            forms[form] = pgbench(["-f", script, db], DURATION)
            log(f"reference {name} ({form}): {forms[form][0]:.0f} tps, {forms[form][1]:.2f} ms average")
        results[name] = forms
    return results


# ---------------------------------------------------------------- wrk

LUA_COMMON = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; bad = 0; first_bad = "" end
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 160) end
  end
end
function done(summary, latency, requests)
  local o, b, fb = 0, 0, ""
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("bad")
    if fb == "" then fb = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format('WRKJSON {"ok":%d,"bad":%d,"duration_us":%d,"requests":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"first_bad":%q}\n',
    o, b, summary.duration, summary.requests, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, fb))
end
"""


def lua(name, method, path_expr, tok, body=None):
    path = os.path.join(WORK, f"{name}.lua")
    body_lua = "nil" if body is None else json.dumps(json.dumps(body))
    with open(path, "w") as f:
        f.write(LUA_COMMON)
        f.write(f'\nlocal hdrs = {{["X-Auth-Token"] = "{tok}", ["Content-Type"] = "application/json"}}\n')
        f.write(f'request = function() return wrk.format("{method}", {json.dumps(path_expr)}, hdrs, {body_lua}) end\n')
    return path


def lua_two_tenants(name, path, tokens, body=None):
    path_lua = os.path.join(WORK, f"{name}.lua")
    body_lua = "nil" if body is None else json.dumps(json.dumps(body))
    with open(path_lua, "w") as f:
        f.write(LUA_COMMON)
        f.write("\nlocal toks = {" + ", ".join(f'"{t}"' for t in tokens) + "}\nlocal n = 0\n")
        f.write("request = function()\n  n = n + 1\n"
                f'  return wrk.format("POST", "{path}", {{["X-Auth-Token"] = toks[n % #toks + 1], '
                f'["Content-Type"] = "application/json"}}, {body_lua})\nend\n')
    return path_lua


def wrk_async(script, seconds, connections, port):
    cmd = ["wrk", "-t", str(min(THREADS, connections)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", script, f"http://127.0.0.1:{port}"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)


def wrk_result(proc):
    out = proc.communicate()[0]
    m = re.search(r"WRKJSON (\{.*\})", out)
    if not m or proc.returncode:
        raise SystemExit(f"wrk failed:\n{out}")
    r = json.loads(m.group(1))
    r["rps"] = r["ok"] / (r["duration_us"] / 1e6)
    r["failed"] = r["bad"] > 0 or r["socket_errors"] > 0
    return r


def wrk(script, seconds, connections=C, threads=THREADS, port=PORT):
    threads = min(threads, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", script, f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = re.search(r"WRKJSON (\{.*\})", out)
    if not m:
        raise SystemExit(f"wrk printed no summary:\n{out}")
    r = json.loads(m.group(1))
    r["rps"] = r["ok"] / (r["duration_us"] / 1e6)
    r["failed"] = r["bad"] > 0 or r["socket_errors"] > 0
    return r


def scenario(name, script, seconds=DURATION, warmup=WARMUP, **kw):
    if warmup:
        w = wrk(script, warmup, **kw)
        if w["failed"]:
            log(f"{name}: warm-up had {w['bad']} non-2xx, {w['socket_errors']} socket errors ({w['first_bad']})")
    r = wrk(script, seconds, **kw)
    log(f"{name}: {r['rps']:.0f}/s, p50 {r['p50_us']/1000:.2f} ms, p99 {r['p99_us']/1000:.2f} ms, "
        f"{r['ok']} 2xx, {r['bad']} non-2xx, {r['socket_errors']} socket errors {r['first_bad']}")
    return r


# ---------------------------------------------------------------- the run

def ms(us):
    return f"{us / 1000:.2f} ms"


REFERENCE_NAMES = {"floating-ip": "floating IP allocation", "private-ip": "private IP assignment",
                   "port": "Neutron port creation", "server": "server creation with its port",
                   "shared-ip": "shared IP provisioning (2 ports)"}


def main():
    rows = []
    refs = {}

    def to_reference(r, ref):
        """The service's rate as a share of its own scenario's one-round-trip reference."""
        if not r or ref not in refs:
            return None
        return r["rps"] / refs[ref]["function"][0]

    def row(name, r, ref, to_pgbench, target, met):
        status = "FAILED (non-2xx)" if r and r.get("failed") else ("yes" if met else "no")
        share = to_reference(r, ref)
        rows.append((name, f"{r['rps']:.0f}" if r else "–", ms(r["p50_us"]) if r else "–",
                     ms(r["p99_us"]) if r else "–", f"{share:.1%}" if share is not None else "–", to_pgbench, target, status))

    def write_target(name, r, ref, share_target, p99_ms=None):
        share = to_reference(r, ref)
        ratio = r["rps"] / insert[0]
        target = f"≥ {share_target:.0%} of its reference" + (f", p99 < {p99_ms} ms" if p99_ms else "")
        row(name, r, ref, f"{ratio:.1%} of insert", target,
            share is not None and share >= share_target and (p99_ms is None or r["p99_us"] < p99_ms * 1000))

    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    want = lambda s: not only or s in only

    insert, select = run_pgbench()
    rows.append(("pgbench single-row insert (reference)", f"{insert[0]:.0f}", f"avg {insert[1]:.2f} ms", "–", "–", "1", "–", "–"))
    rows.append(("pgbench select-only -S (reference)", f"{select[0]:.0f}", f"avg {select[1]:.2f} ms", "–", "–", "1", "–", "–"))

    # Cold start first, while the database holds nothing but the schema the service makes.
    cold = []
    if want("cold"):
        for i in range(COLD_STARTS):
            s = Service(name=f"cold{i}").start()
            s.wait_healthy()
            tok = token()
            call("POST", "/os-floating-ips", tok)
            cold.append(time.monotonic() - s.t0)
            s.stop()
            log(f"cold start {i + 1}: {cold[-1]:.2f} s to the first 2xx allocation")

    service = Service().start()
    log(f"service healthy after {service.wait_healthy():.2f} s")
    rss_at_start = service.rss_mb()
    demo, other = token("demo"), token("other")

    # The raw-SQL references need the service's schema, which its start has just made.
    if want("reference"):
        refs.update(run_references())
        for name in reference.SCENARIOS:
            one = refs[name]["function"][0]
            for form, label in (("statements", "one statement per round trip"), ("function", "one round trip (PL/pgSQL)")):
                tps, lat = refs[name][form]
                rows.append((f"reference: {REFERENCE_NAMES[name]} in raw SQL, {label}", f"{tps:.0f}", f"avg {lat:.2f} ms",
                             "–", f"{tps / one:.1%}", f"{tps / insert[0]:.1%} of insert", "–", "–"))

    # list: the 'other' tenant holds exactly 1,000 floating IPs
    if want("list"):
        held = len(call("GET", "/os-floating-ips", other)["floating_ips"])
        while held < 1000:
            call("POST", "/os-floating-ips", other)
            held += 1
        held = len(call("GET", "/os-floating-ips", other)["floating_ips"])
        log(f"'other' holds {held} floating IPs")
        r = scenario("list 1,000", lua("list", "GET", "/os-floating-ips", other), connections=1, threads=1)
        row(f"list {held} floating IPs, 1 connection", r, None, "–", "< 10 ms per request (p50)", r["p50_us"] < 10000)

    if want("show"):
        fip = call("POST", "/os-floating-ips", demo)["floating_ip"]["id"]
        r = scenario("show", lua("show", "GET", f"/os-floating-ips/{fip}", demo))
        ratio = r["rps"] / select[0]
        row("show one floating IP by id", r, None, f"{ratio:.1%} of select-only", "≥ 45 %, p99 < 10 ms",
            ratio >= 0.45 and r["p99_us"] < 10000)

    if want("allocate"):
        r = scenario("allocate", lua("allocate", "POST", "/os-floating-ips", demo, {"pool": "allocate"}))
        write_target("allocate a floating IP (/16 pool)", r, "floating-ip", 0.50, 20)

    if want("allocate2"):
        r = scenario("allocate, 2 tenants", lua_two_tenants("allocate2", "/os-floating-ips", [demo, other], {"pool": "pair"}))
        row("allocate, requests alternating between 2 tenants (one /16 pool)", r, "floating-ip",
            f"{r['rps'] / insert[0]:.1%} of insert", "(diagnostic: tenant lock vs the rest)", True)

    if want("privateip"):
        net = call("POST", "/os-networksv2", demo, {"network": {"label": "bench", "cidr": "10.200.0.0/16"}})["network"]["id"]
        body = {"privateips": [{"subnet_id": net}]}
        r = scenario("assign private IP", lua("privateip", "POST", f"/v1/{PROJECT}/privateips", demo, body))
        write_target("assign a private IP (/16 subnet)", r, "private-ip", 0.50, 20)

    ports_net = None
    if want("port") or want("server"):
        # A tenant network with a /16 subnet, as Terraform's openstack_networking_port_v2 and openstack_compute_instance_v2
        # use one: IPAM, the MAC sequence, the port's stream and the port quota.
        ports_net = call("POST", "/v2.0/networks", demo, {"network": {"name": "bench-ports"}})["network"]["id"]
        call("POST", "/v2.0/subnets", demo, {"subnet": {"network_id": ports_net, "cidr": "10.201.0.0/16", "ip_version": 4}})

    if want("port"):
        r = scenario("create a port", lua("port", "POST", "/v2.0/ports", demo, {"port": {"network_id": ports_net}}))
        write_target("create a Neutron port (/16 subnet)", r, "port", 0.50, 20)

    if want("server"):
        body = {"server": {"name": "bench", "imageRef": "i", "flavorRef": "f", "networks": [{"uuid": ports_net}]}}
        r = scenario("create a server", lua("server", "POST", "/servers", demo, body))
        write_target("create a server with its port (/16 subnet)", r, "server", 0.35)

    if want("scaleout"):
        scale_out(demo, rows)

    if want("fill"):
        fill(demo, rows)

    if want("memory"):
        events = int(sql("select count(*) from cloudnet.mt_events"))
        rss = service.rss_mb()
        rows.append((f"memory: RSS after {events:,} events (1,000,000: ops/bench-memory); {rss_at_start:.0f} MB right after start",
                     "–", "–", "–", "–", "–", "< 300 MB", f"{rss:.0f} MB (partial)"))
    service.stop()

    if cold:
        cold.sort()
        rows.append((f"cold start to first 2xx allocation ({len(cold)} runs)", "–", f"median {cold[len(cold)//2]:.2f} s",
                     f"max {cold[-1]:.2f} s", "–", "–", "< 1.5 s", "yes" if cold[len(cold)//2] < 1.5 else "no"))

    print("| scenario | requests/s | p50 | p99 | share of its one-round-trip reference | ratio to pgbench | target | met? |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


def fill(tok, rows):
    """Allocation cost as the /16 fills: wrk chunks of fixed duration until the pool is nearly full or the time
    budget is spent. Compares the chunk with the fewest addresses taken to the one with the most."""
    script = lua("fill", "POST", "/os-floating-ips", tok, {"pool": "fill"})
    taken = int(sql("select count(*) from cloudnet.mt_doc_floatingip where data->>'Pool' = 'fill'")) \
        if table_exists("mt_doc_floatingip") else 0
    chunks, t0 = [], time.monotonic()
    # A short warm-up of this pool only: the service is warm from the scenarios before, and the first chunk should
    # measure the first thousands of addresses, not the tenth thousand.
    taken += wrk(script, min(WARMUP, 3))["ok"]
    first = wrk(script, 4)
    chunks.append((taken, first))
    taken += first["ok"]
    while time.monotonic() - t0 < FILL_BUDGET:
        rate = chunks[-1][1]["rps"]
        room = POOL_SIZE - taken - 500
        if room < 1500:
            break
        seconds = max(2, min(15, int(room / max(rate, 1) * 0.8)))
        r = wrk(script, seconds)
        chunks.append((taken, r))
        taken += r["ok"]
        log(f"fill: {taken:,} taken, {r['rps']:.0f}/s p50 {r['p50_us']/1000:.1f} ms"
            + (f" FAILED {r['bad']} non-2xx {r['first_bad']}" if r["failed"] else ""))
        if r["failed"]:
            break
    last = wrk(script, 4) if POOL_SIZE - taken > 3000 else chunks[-1][1]
    if last is not chunks[-1][1]:
        chunks.append((taken, last))
        taken += last["ok"]
    f0, f1 = chunks[0], chunks[-1]
    ratio = f0[1]["rps"] / f1[1]["rps"] if f1[1]["rps"] else float("inf")
    full = POOL_SIZE - taken < 3000
    row_name = (f"allocation as the /16 fills: at {f1[0]:,} taken vs at {f0[0]:,}"
                + ("" if full else f" (time budget {FILL_BUDGET} s: pool not filled)"))
    rows.append((row_name, f"{f0[1]['rps']:.0f} → {f1[1]['rps']:.0f}", f"{ms(f0[1]['p50_us'])} → {ms(f1[1]['p50_us'])}",
                 f"{ms(f0[1]['p99_us'])} → {ms(f1[1]['p99_us'])}", "–", f"cost {ratio:.2f}×", "≤ 1.2×",
                 "FAILED (non-2xx)" if any(c[1]["failed"] for c in chunks) else
                 ("yes" if ratio <= 1.2 else "no") + ("" if full else " (partial)")))
    with open(os.path.join(WORK, "fill.tsv"), "w") as f:
        for t, r in chunks:
            f.write(f"{t}\t{r['rps']:.1f}\t{r['p50_us']}\t{r['p99_us']}\n")


def scale_out(tok, rows):
    """Part 4: the allocation scenario against two service processes on one database, C/2 connections each."""
    second = Service(port=PORT + 10, name="second").start()
    second.wait_healthy()
    tok2 = token(port=second.port)
    scripts = [lua("scale_a", "POST", "/os-floating-ips", tok, {"pool": "scale"}),
               lua("scale_b", "POST", "/os-floating-ips", tok2, {"pool": "scale"})]
    half = max(1, C // 2)
    for seconds in (WARMUP, DURATION):
        procs = [wrk_async(scripts[0], seconds, half, PORT), wrk_async(scripts[1], seconds, half, second.port)]
        results = [wrk_result(p) for p in procs]
    second.stop()
    dup = int(sql("select count(*) from (select data->>'Address' from cloudnet.mt_doc_floatingip "
                  "group by 1 having count(*) > 1) d"))
    dup_leases = int(sql("select count(*) from (select scope, address from cloudnet.ip_leases "
                         "group by 1, 2 having count(*) > 1) d"))
    total = sum(r["rps"] for r in results)
    failed = any(r["failed"] for r in results)
    log(f"scale-out: {results[0]['rps']:.0f}/s + {results[1]['rps']:.0f}/s = {total:.0f}/s, duplicates {dup} "
        f"(leases {dup_leases}), non-2xx {sum(r['bad'] for r in results)}")
    rows.append((f"allocate, 2 processes × {half} connections (duplicate addresses: {dup})",
                 f"{results[0]['rps']:.0f} + {results[1]['rps']:.0f} = {total:.0f}",
                 f"{ms(results[0]['p50_us'])} / {ms(results[1]['p50_us'])}",
                 f"{ms(results[0]['p99_us'])} / {ms(results[1]['p99_us'])}", "–", "–", "duplicates 0",
                 "FAILED (non-2xx)" if failed else ("yes" if dup == 0 and dup_leases == 0 else "NO: duplicates")))


def table_exists(name):
    return sql(f"select to_regclass('cloudnet.{name}') is not null") == "t"


if __name__ == "__main__":
    try:
        main()
    finally:
        for s in list(RUNNING):
            s.stop()
