#!/usr/bin/env python3
"""Fault scenarios of issue 9, parts 1-3, driven by ops/chaos (which brings up PostgreSQL and builds the service).

  crash     allocations + associations at full speed, kill -9 the service, restart it, check nothing is lost,
            duplicated or half-written
  dbrestart stop PostgreSQL during load: every request 503 in its family's format within a bounded time,
            /health 503, recovery without a restart
  twonodes  two service processes on one database, N concurrent allocations split between them, plus
            explicit-address races (Neutron floating_ip_address, VPC ip_address) sent to both nodes

Python 3 standard library only. Prints one line per scenario; exits 1 if any scenario failed.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
API_DIR = os.path.join(ROOT, "src", "CloudNet.Api")
PG_BIN = os.environ.get("CHAOS_PG_BIN", "/usr/lib/postgresql/15/bin")
ADMIN = ("admin", "admin-password")
DEMO = ("demo", "demo-password")
OTHER = ("other", "other-password")
SERVICE_NET = "11111111-1111-1111-1111-111111111111"  # WellKnownNetworks: ServiceNet, a /16


def log(msg):
    print(f"[chaos] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- PostgreSQL (the private cluster of ops/chaos)

class Postgres:
    def __init__(self, args):
        self.port, self.data, self.cluster = args.pg_port, args.pg_data, os.path.join(args.pg_data, "cluster")
        self.npgsql_defaults = args.npgsql_defaults

    def _owner(self, cmd):
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)

    def psql(self, db, sql):
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-Atqc", sql],
                             capture_output=True, text=True, check=True, env={**os.environ, "PGPASSWORD": "postgres"})
        return out.stdout.strip()

    def fresh_database(self, db):
        self.psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        self.psql("postgres", f'CREATE DATABASE "{db}"')

    def connection_string(self, db):
        # Timeout (connect) 3 s, Command Timeout 5 s: no request waits on a database that went away for
        # longer than that (Npgsql's defaults are 15 s and 30 s). --npgsql-defaults leaves them out.
        timeouts = "" if self.npgsql_defaults else "Timeout=3;Command Timeout=5;"
        return (f"Host=127.0.0.1;Port={self.port};Database={db};Username=postgres;Password=postgres;"
                f"{timeouts}Maximum Pool Size=100")

    def stop(self):
        self._owner([f"{PG_BIN}/pg_ctl", "-D", self.cluster, "-m", "fast", "-w", "stop"])

    def start(self):
        self._owner([f"{PG_BIN}/pg_ctl", "-D", self.cluster, "-l", os.path.join(self.data, "postgres.log"),
                     "-o", f"-p {self.port}", "-w", "-t", "60", "start"])


# ---------------------------------------------------------------- the service

RUNNING = set()  # the services this driver started and has not stopped

class Service:
    def __init__(self, name, port, conn, log_dir, extra_env=None):
        self.name, self.port, self.conn = name, port, conn
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.env = {**os.environ, "ConnectionStrings__Postgres": conn, "ASPNETCORE_URLS": f"http://127.0.0.1:{port}",
                    "FloatingIpPools__0__Name": "default", "FloatingIpPools__0__Cidr": "10.100.0.0/16",
                    "Quotas__FloatingIps": "100000", "Limits__Enabled": "false",
                    "Logging__LogLevel__Default": "Warning", **(extra_env or {})}
        self.proc = None

    def start(self):
        self.log_file = open(self.log_path, "a")
        self.proc = subprocess.Popen(["dotnet", os.path.join("bin", "Release", "net10.0", "CloudNet.Api.dll")],
                                     cwd=API_DIR, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        RUNNING.add(self)
        # ops/chaos ends whatever is listed here should this driver die without stopping it.
        with open(os.path.join(os.path.dirname(self.log_path), "pids"), "a") as f:
            f.write(f"{self.proc.pid}\n")
        return self

    def wait_healthy(self, timeout=90):
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _, _ = request(self.port, "GET", "/health", timeout=3)
                if status == 200:
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not healthy after {timeout} s; see {self.log_path}")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        RUNNING.discard(self)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        RUNNING.discard(self)


# ---------------------------------------------------------------- HTTP

class Client:
    """One keep-alive connection per thread."""

    def __init__(self, port, token=None, timeout=30):
        self.port, self.token, self.timeout, self.conn = port, token, timeout, None

    def send(self, method, path, body=None):
        """Returns (status, parsed json or None, headers dict); status None when the connection failed."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["X-Auth-Token"] = self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
            hdrs = {k.lower(): v for k, v in response.getheaders()}
            if hdrs.get("connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            return None, None, {}
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return response.status, parsed, hdrs

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def request(port, method, path, body=None, token=None, timeout=30):
    c = Client(port, token, timeout)
    try:
        return c.send(method, path, body)
    finally:
        c.close()


def token_for(port, user, password):
    status, body, _ = request(port, "POST", "/v2.0/tokens",
                              {"auth": {"passwordCredentials": {"username": user, "password": password}}})
    if status != 200:
        raise RuntimeError(f"token for {user}: {status} {body}")
    return body["access"]["token"]["id"], body["access"]["token"]["tenant"]["id"]


def family_format_ok(family, status, body):
    """The error body is in the family's own format for this status."""
    if not isinstance(body, dict):
        return False
    if family == "nova":
        key = {503: "serviceUnavailable", 409: "conflictingRequest", 404: "itemNotFound"}.get(status)
        return key in body and body[key].get("code") == status
    if family == "neutron":
        err = body.get("NeutronError")
        want = {503: "ServiceUnavailable"}.get(status)
        return isinstance(err, dict) and "message" in err and (want is None or err.get("type") == want)
    if family == "vpc":
        return str(body.get("code", "")).startswith("VPC.") and "error_msg" in body
    return False


def first_pool_network(port, token):
    status, body, _ = request(port, "GET", "/v2.0/networks?router:external=true", token=token)
    return next(n["id"] for n in body["networks"] if n["name"] == "default")


def vpc_subnet(port, token, cidr, label):
    status, body, _ = request(port, "POST", "/os-networksv2", {"network": {"label": label, "cidr": cidr}}, token=token)
    if status != 200:
        raise RuntimeError(f"os-networksv2: {status} {body}")
    return body["network"]["id"]


# ---------------------------------------------------------------- scenario 1: crash under load

def scenario_crash(args, pg, out):
    db = "cloudnet_chaos_crash"
    pg.fresh_database(db)
    node = Service("crash-node", args.port, pg.connection_string(db), args.log_dir).start()
    out.append(node)
    node.wait_healthy()
    token, tenant = token_for(args.port, *DEMO)
    c = Client(args.port, token)
    servers = []
    for i in range(1):
        status, body, _ = c.send("POST", "/servers", {"server": {"name": f"crash-{i}", "imageRef": "img", "flavorRef": "1",
                                                                "networks": [{"uuid": SERVICE_NET}]}})
        if status != 202:
            raise RuntimeError(f"create server: {status} {body}")
        servers.append(body["server"]["id"])
    # Warm-up (the first request of each endpoint generates and compiles its handler): not counted.
    status, body, _ = c.send("POST", "/os-floating-ips")
    c.send("POST", f"/servers/{servers[0]}/action", {"addFloatingIp": {"address": body["floating_ip"]["ip"]}})
    c.close()

    ack_path = os.path.join(args.log_dir, "crash-acknowledged.jsonl")
    ack = open(ack_path, "w")
    ack_lock = threading.Lock()
    stop = threading.Event()
    counts = {"requests": 0, "failed": 0, "5xx": 0}

    def acknowledge(entry):
        with ack_lock:
            ack.write(json.dumps(entry) + "\n")
            ack.flush()

    def worker(i):
        # allocate an IP; every second one: create a server (on ServiceNet) and associate the IP with it.
        # A nova server holds one floating IP, hence a server per association.
        cl = Client(args.port, token, timeout=10)
        n = 0

        def send(method, path, body=None):
            status, parsed, hdrs = cl.send(method, path, body)
            counts["requests"] += 1
            if status is None:
                counts["failed"] += 1
                time.sleep(0.01)
            elif status >= 500:
                counts["5xx"] += 1
            return status, parsed, hdrs

        while not stop.is_set():
            status, body, hdrs = send("POST", "/os-floating-ips")
            if status != 202:
                continue
            ip = body["floating_ip"]["ip"]
            acknowledge({"kind": "allocate", "ip": ip, "id": body["floating_ip"]["id"], "request": hdrs.get("x-compute-request-id")})
            n += 1
            if n % 2:
                continue
            status, body, hdrs = send("POST", "/servers", {"server": {"name": f"crash-{i}-{n}", "imageRef": "img", "flavorRef": "1",
                                                                     "networks": [{"uuid": SERVICE_NET}]}})
            if status != 202:
                continue
            server = body["server"]["id"]
            acknowledge({"kind": "server", "server": server, "request": hdrs.get("x-compute-request-id")})
            status, body, hdrs = send("POST", f"/servers/{server}/action", {"addFloatingIp": {"address": ip}})
            if status == 202:
                acknowledge({"kind": "associate", "ip": ip, "server": server, "request": hdrs.get("x-compute-request-id")})
        cl.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.threads)]
    for t in threads:
        t.start()
    time.sleep(args.crash_after)
    node.kill9()
    log(f"crash: kill -9 after {args.crash_after} s of load")
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(15)
    ack.close()

    node = Service("crash-node", args.port, pg.connection_string(db), args.log_dir)
    node.start()
    restart = node.wait_healthy()
    out.append(node)

    # What the client was told, read back from its log.
    allocated, associated, created = {}, {}, set()
    with open(ack_path) as f:
        for line in f:
            e = json.loads(line)
            if e["kind"] == "allocate":
                allocated[e["ip"]] = e["id"]
            elif e["kind"] == "server":
                created.add(e["server"])
            else:
                associated[e["ip"]] = e["server"]
    status, body, _ = request(args.port, "GET", "/os-floating-ips", token=token)
    listed = {f["ip"]: f for f in body["floating_ips"]}
    lost = [ip for ip, fid in allocated.items() if ip not in listed or listed[ip]["id"] != fid]
    lost += [ip for ip, server in associated.items() if ip not in listed or listed[ip]["instance_id"] != server]
    stored_servers = set(pg.psql(db, "select id::text from cloudnet.mt_doc_server").split())
    lost += [server for server in created if server not in stored_servers]

    s = "cloudnet"
    duplicates = int(pg.psql(db, f"""select
        (select count(*) from (select data->>'Address' from {s}.mt_doc_floatingip group by 1 having count(*) > 1) a)
      + (select count(*) from (select data->>'Address' from {s}.mt_doc_neutronfloatingip group by 1 having count(*) > 1) b)
      + (select count(*) from (select network_id, address from {s}.address_holdings where to_at is null
                               group by 1, 2 having count(*) > 1) c)
      + (select count(*) from (select address from {s}.ip_leases where scope like 'pool:%' group by 1 having count(*) > 1) d)"""))
    # A floating IP without its lease, or a pool lease without its floating IP: an allocation half-done.
    orphans = int(pg.psql(db, f"""select
        (select count(*) from {s}.mt_doc_floatingip f where not exists
           (select 1 from {s}.ip_leases l where l.scope like 'pool:%' and host(l.address) = f.data->>'Address'))
      + (select count(*) from {s}.ip_leases l where l.scope like 'pool:%' and not exists
           (select 1 from {s}.mt_doc_floatingip f where f.data->>'Address' = host(l.address)))"""))
    # An association is two events under one correlation id: one in the IP's stream, one in the server's.
    half = int(pg.psql(db, f"""select count(*) from (select correlation_id from {s}.mt_events
        where type in ('floating_ip_associated', 'floating_ip_added_to_server')
        group by correlation_id having count(*) filter (where type = 'floating_ip_associated') <> 1
                                    or count(*) filter (where type = 'floating_ip_added_to_server') <> 1) x"""))
    # A server create is the server's stream plus an address assignment in the network's, one transaction.
    half += int(pg.psql(db, f"""select count(*) from (select correlation_id from {s}.mt_events
        where type in ('server_created', 'network_address_assigned') and coalesce(headers ->> 'command', causation_id) = 'CreateServer'
        group by correlation_id having count(*) filter (where type = 'server_created') <> 1
                                    or count(*) filter (where type = 'network_address_assigned') < 1) x"""))
    stored_associations = int(pg.psql(db, f"select count(*) from {s}.mt_events where type = 'floating_ip_associated'"))
    acked = len(allocated) + len(associated) + len(created)
    ok = acked > 0 and not lost and duplicates == 0 and half == 0 and orphans == 0 and counts["5xx"] == 0
    line = (f"crash: {acked:,} acknowledged ({len(allocated):,} allocations, {len(created):,} servers, {len(associated):,} associations) in "
            f"{args.crash_after} s, {len(lost)} lost, {duplicates} duplicates, {half} half-written "
            f"({stored_associations:,} associations stored), {orphans} orphan leases, {counts['5xx']} 5xx before the kill, "
            f"restart {restart:.1f} s")
    return ok, line, {"acknowledged": acked, "allocations": len(allocated), "associations": len(associated),
                      "servers": len(created), "lost": lost[:20], "duplicates": duplicates, "half_written": half, "orphans": orphans,
                      "restart_s": round(restart, 2), "fivexx": counts["5xx"]}


# ---------------------------------------------------------------- scenario 2: database restart

def scenario_dbrestart(args, pg, out):
    db = "cloudnet_chaos_dbrestart"
    pg.fresh_database(db)
    node = Service("dbrestart-node", args.port, pg.connection_string(db), args.log_dir).start()
    out.append(node)
    node.wait_healthy()
    token, tenant = token_for(args.port, *DEMO)
    pool_net = first_pool_network(args.port, token)
    subnet = vpc_subnet(args.port, token, "10.90.0.0/16", "chaos-vpc")

    calls = {
        "nova": ("POST", "/os-floating-ips", None),
        "neutron": ("POST", "/v2.0/floatingips", {"floatingip": {"floating_network_id": pool_net}}),
        "vpc": ("POST", f"/v1/{tenant}/privateips", {"privateips": [{"subnet_id": subnet}]}),
        "health": ("GET", "/health", None),
    }
    for method, path, body in calls.values():  # warm-up: each handler is generated on its first request
        request(args.port, method, path, body, token=token)
    results = []  # (family, start, end, status, format_ok)
    lock = threading.Lock()
    stop = threading.Event()

    def worker(family):
        method, path, body = calls[family]
        cl = Client(args.port, token, timeout=30)
        while not stop.is_set():
            t0 = time.monotonic()
            status, parsed, _ = cl.send(method, path, body)
            t1 = time.monotonic()
            fmt = True
            if status is not None and status >= 400:
                fmt = family_format_ok("nova" if family == "health" else family, status, parsed)
            with lock:
                results.append((family, t0, t1, status, fmt))
        cl.close()

    families = ["nova", "neutron", "vpc", "health"]
    threads = [threading.Thread(target=worker, args=(families[i % 4],), daemon=True) for i in range(max(8, args.threads // 2))]
    for t in threads:
        t.start()
    time.sleep(args.load_before)
    t_stop = time.monotonic()
    pg.stop()
    t_down = time.monotonic()
    log(f"dbrestart: PostgreSQL stopped ({t_down - t_stop:.1f} s), down for {args.down_for} s")
    time.sleep(args.down_for)
    t_start = time.monotonic()
    pg.start()
    t_up = time.monotonic()
    log(f"dbrestart: PostgreSQL started ({t_up - t_start:.1f} s)")
    deadline = t_up + 60
    recovered = {}
    while time.monotonic() < deadline and len(recovered) < 4:
        time.sleep(0.2)
        with lock:
            for family, t0, t1, status, _ in results:
                if t0 >= t_up and status is not None and 200 <= status < 300 and family not in recovered:
                    recovered[family] = t1 - t_up
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join(40)

    down = [r for r in results if r[1] >= t_down and r[2] <= t_start]
    down_not_503 = [r for r in down if r[3] != 503]
    down_bad_format = [r for r in down if r[3] == 503 and not r[4]]
    max_down_latency = max((r[2] - r[1] for r in down), default=0.0)
    # Requests in flight while PostgreSQL stopped or started: they may succeed or get a 503, but in time.
    around = [r for r in results if r[2] >= t_stop and r[1] <= t_up]
    max_latency_around = max((r[2] - r[1] for r in around), default=0.0)
    other_5xx = [r for r in results if r[3] is not None and r[3] >= 500 and r[3] != 503]
    no_answer = [r for r in results if r[3] is None]
    health_down = [r[3] for r in down if r[0] == "health"]
    by_family = {f: sum(1 for r in down if r[0] == f) for f in families}
    recovery = max(recovered.values()) if len(recovered) == 4 else None
    ok = (down and not down_not_503 and not down_bad_format and max_latency_around <= args.max_latency
          and not other_5xx and not no_answer and health_down and all(s == 503 for s in health_down)
          and recovery is not None)
    line = (f"dbrestart: {len(results):,} requests, {len(down):,} while down "
            f"(nova {by_family['nova']:,}, neutron {by_family['neutron']:,}, vpc {by_family['vpc']:,}, health {by_family['health']:,}): "
            f"{len(down) - len(down_not_503):,} 503 in the family's format ({len(down_bad_format)} wrong format, "
            f"{len(down_not_503)} not 503), max latency {max_down_latency * 1000:.0f} ms while down, "
            f"{max_latency_around:.2f} s around stop/start (bound {args.max_latency} s), {len(other_5xx)} other 5xx, "
            f"{len(no_answer)} unanswered; recovered without restart in "
            + (f"{recovery:.1f} s" if recovery is not None else f"NOT RECOVERED ({sorted(recovered)})"))
    return ok, line, {"requests": len(results), "down": len(down), "down_not_503": len(down_not_503),
                      "down_bad_format": len(down_bad_format), "max_down_latency_ms": round(max_down_latency * 1000),
                      "max_latency_around_s": round(max_latency_around, 2), "other_5xx": len(other_5xx),
                      "unanswered": len(no_answer), "recovery_s": recovery and round(recovery, 2),
                      "recovered": {k: round(v, 2) for k, v in recovered.items()},
                      "examples": [str(r) for r in (down_not_503 + down_bad_format + other_5xx)[:5]]}


# ---------------------------------------------------------------- scenario 3: two nodes

def scenario_twonodes(args, pg, out):
    db = "cloudnet_chaos_twonodes"
    pg.fresh_database(db)
    conn = pg.connection_string(db)
    # Both start at once on an empty database: both run the start-up seeding (the only background work).
    nodes = [Service("node-a", args.port, conn, args.log_dir).start(), Service("node-b", args.port + 1, conn, args.log_dir).start()]
    out.extend(nodes)
    for n in nodes:
        n.wait_healthy()
    ports = [n.port for n in nodes]
    s = "cloudnet"
    # Each well-known network's stream is started once; the node that loses the race gets a stream-id
    # collision and leaves it (WellKnownNetworkSeeding), so no network_created appears twice.
    seeding_dupes = int(pg.psql(db, f"""select count(*) from (select stream_id from {s}.mt_events
        where correlation_id = 'startup' and type = 'network_created' group by 1 having count(*) > 1) x"""))
    seeded_networks = int(pg.psql(db, f"select count(distinct stream_id) from {s}.mt_events where correlation_id = 'startup'"))

    admin, _ = token_for(ports[0], *ADMIN)
    accounts = [DEMO, OTHER]
    for i in range(args.tenants - 2):
        status, body, _ = request(ports[i % 2], "POST", "/_cloudnet/tenants", {"name": f"chaos-{i}"}, token=admin)
        if status != 201:
            raise RuntimeError(f"create tenant: {status} {body}")
        creds = body.get("credentials") or body
        accounts.append((creds["username"] if "username" in creds else creds["user"], creds["password"]))
    tokens = [token_for(ports[i % 2], *a) for i, a in enumerate(accounts)]
    pool_net = first_pool_network(ports[0], tokens[0][0])
    demo_token, demo_tenant = tokens[0]
    subnet = vpc_subnet(ports[0], demo_token, "10.91.0.0/16", "chaos-race")
    for port in ports:  # warm-up on each node: handlers are generated on their first request
        request(port, "POST", "/os-floating-ips", token=demo_token)
        request(port, "GET", "/v2.0/floatingips", token=demo_token)
        request(port, "GET", f"/v1/{demo_tenant}/subnets/{subnet}/privateips", token=demo_token)

    statuses, addresses, problems = {}, [], []
    lock = threading.Lock()
    local = threading.local()

    def client(port, token):
        key = (port, token)
        cache = getattr(local, "clients", None)
        if cache is None:
            cache = local.clients = {}
        if key not in cache:
            cache[key] = Client(port, token, timeout=60)
        return cache[key]

    def allocate(i):
        token, _ = tokens[i % len(tokens)]
        status, body, _ = client(ports[i % 2], token).send("POST", "/os-floating-ips")
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 202:
                addresses.append(body["floating_ip"]["ip"])
            elif status is None or status >= 500 or status not in (404, 409) or not family_format_ok("nova", status, body):
                problems.append(("nova", status, str(body)[:200]))

    race_results = {"neutron": [], "vpc": []}

    def race(kind, k):
        # The same explicit address to both nodes at the same moment, from two threads.
        barrier = threading.Barrier(2)
        replies = [None, None]

        def one(side):
            if kind == "neutron":
                token = tokens[side][0]  # demo on one node, other on the other: the address is global to the pool
                path = "/v2.0/floatingips"
                body = {"floatingip": {"floating_network_id": pool_net, "floating_ip_address": f"10.100.{200 + k // 250}.{1 + k % 250}"}}
            else:
                token = demo_token
                path = f"/v1/{demo_tenant}/privateips"
                body = {"privateips": [{"subnet_id": subnet, "ip_address": f"10.91.{k // 250}.{2 + k % 250}"}]}
            cl = Client(ports[side], token, timeout=60)
            barrier.wait(10)
            replies[side] = cl.send("POST", path, body)
            cl.close()

        ts = [threading.Thread(target=one, args=(side,)) for side in (0, 1)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        with lock:
            race_results[kind].append([(r[0], r[1]) for r in replies])

    work = list(range(args.allocations))
    t0 = time.monotonic()
    with ThreadPoolExecutor(args.threads) as pool, ThreadPoolExecutor(4) as racers:
        race_futures = [racers.submit(race, "neutron", k) for k in range(args.races)]
        race_futures += [racers.submit(race, "vpc", k) for k in range(args.races)]
        for f in [pool.submit(allocate, i) for i in work]:
            f.result()
        for f in race_futures:
            f.result()
    elapsed = time.monotonic() - t0

    race_bad = []
    winners = losers = 0
    for kind, pairs in race_results.items():
        ok_status = 201 if kind == "neutron" else 200
        for pair in pairs:
            wins = [p for p in pair if p[0] == ok_status]
            lose = [p for p in pair if p[0] != ok_status]
            winners += len(wins)
            losers += len(lose)
            if len(wins) != 1 or any(p[0] not in (404, 409) or not family_format_ok(kind, p[0], p[1]) for p in lose):
                race_bad.append((kind, [(p[0], str(p[1])[:160]) for p in pair]))
    acked = len(addresses)
    local_dupes = acked - len(set(addresses))
    db_dupes = int(pg.psql(db, f"""select
        (select count(*) from (select data->>'Address' from {s}.mt_doc_floatingip group by 1 having count(*) > 1) a)
      + (select count(*) from (select data->>'SubnetId', data->>'Address' from {s}.mt_doc_privateip group by 1, 2 having count(*) > 1) b)
      + (select count(*) from (select network_id, address from {s}.address_holdings where to_at is null group by 1, 2 having count(*) > 1) c)"""))
    stored = int(pg.psql(db, f"select count(*) from {s}.mt_doc_floatingip"))
    neutron_wins = sum(1 for pair in race_results["neutron"] for p in pair if p[0] == 201)
    missing = acked + neutron_wins + 2 - stored  # + the two warm-up allocations
    fivexx = sum(v for k, v in statuses.items() if k is None or k >= 500) + sum(
        1 for pairs in race_results.values() for pair in pairs for p in pair if p[0] is None or p[0] >= 500)
    failover = wolverine_failover(args, pg, db, nodes, out)
    ok = (not problems and not race_bad and local_dupes == 0 and db_dupes == 0 and missing == 0 and fivexx == 0
          and seeding_dupes == 0 and failover["moved_s"] is not None and failover["on_killed"] > 0)
    status_text = ", ".join(f"{v:,} {k}" for k, v in sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    line = (f"twonodes: {args.allocations:,} allocations over 2 nodes and {len(tokens)} tenants in {elapsed:.1f} s "
            f"({status_text}), {local_dupes + db_dupes} duplicates, {missing} acknowledged but missing; "
            f"{2 * args.races} explicit-address races (neutron floating_ip_address, vpc ip_address) across the nodes: "
            f"{winners} won, {losers} lost with the family's 409/404, {len(race_bad)} wrong; {fivexx} 5xx; "
            f"start-up seeding on both nodes: {seeded_networks} networks, {seeding_dupes} seeded twice; "
            + (f"Wolverine agents ({', '.join(failover['agents'])}): {failover['on_killed']} on the node killed -9 ({failover['killed']}), "
               f"all on the survivor {failover['moved_s']:.1f} s later" if failover["moved_s"] is not None
               else f"Wolverine agents NOT moved to the survivor within {args.failover_timeout} s ({failover})"))
    return ok, line, {"statuses": {str(k): v for k, v in statuses.items()}, "duplicates": local_dupes + db_dupes,
                      "missing": missing, "races_bad": race_bad[:5], "problems": problems[:5], "fivexx": fivexx,
                      "elapsed_s": round(elapsed, 1), "seeding_dupes": seeding_dupes,
                      "failover": failover}


def wolverine_failover(args, pg, db, nodes, out):
    """Wolverine's own agents (the leader, the durability agent of the message store) run on one node at a time
    (wolverine_node_assignments). kill -9 a node that holds some, and wait until every one is on the other node.
    Which process is which Wolverine node is not visible from outside: kill node-a; if it held none, start it
    again, and kill node-b, which then holds them all."""
    s = "cloudnet"

    def table(sql):
        return dict(line.rsplit("|", 1) for line in pg.psql(db, sql).splitlines() if "|" in line)

    assignments = lambda: table(f"select id, node_id from {s}.wolverine_node_assignments")
    health = lambda: table(f"select id, health_check from {s}.wolverine_nodes")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60 and not any(a.startswith("wolverinedb://") for a in assignments()):
        time.sleep(0.5)
    result = {}
    for victim_index in (0, 1):
        victim = nodes[victim_index]
        before, health_before = assignments(), health()
        victim.kill9()
        t_kill = time.monotonic()
        survivor, moved = None, None
        while time.monotonic() - t_kill < args.failover_timeout:
            time.sleep(0.5)
            if survivor is None:
                survivor = next((n for n, h in health().items() if n in health_before and h != health_before[n]), None)
            current = assignments()
            if survivor and current and set(before) <= set(current) and all(n == survivor for n in current.values()):
                moved = time.monotonic() - t_kill
                break
        on_killed = sum(1 for n in before.values() if n != survivor)
        result = {"agents": sorted(before), "on_killed": on_killed, "killed": victim.name, "before": before,
                  "after": assignments(), "survivor": survivor, "moved_s": None if moved is None else round(moved, 1)}
        if moved is None or on_killed > 0 or victim_index == 1:
            return result
        # node-a held nothing: bring it back as a new node, wait until Wolverine knows it, then kill node-b.
        known = set(health())
        restarted = Service(victim.name, victim.port, victim.conn, args.log_dir).start()
        out.append(restarted)
        restarted.wait_healthy()
        t1 = time.monotonic()
        while time.monotonic() - t1 < 60 and not (set(health()) - known):
            time.sleep(0.5)
    return result


# ---------------------------------------------------------------- scenario 4: failover (issue 23)

class Formation:
    """The pg_auto_failover formation ops/chaos brought up with ops/lib/replicas.sh (a monitor, node1, node2)."""

    def __init__(self, args):
        self.dir = args.replicas_dir
        self.nodes = sorted(f[:-5] for f in os.listdir(self.dir) if f.startswith("node") and f.endswith(".port"))
        self.port = {n: int(open(os.path.join(self.dir, f"{n}.port")).read()) for n in self.nodes + ["monitor"]}

    def psql(self, port, db, sql, user="postgres"):
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", db, "-Atqc", sql],
                             capture_output=True, text=True, check=True, env={**os.environ, "PGPASSWORD": "postgres",
                                                                               "PGCONNECT_TIMEOUT": "3"})
        return out.stdout.strip()

    def state(self):
        """{node: (reported, assigned)} as the monitor sees it; {} when the monitor does not answer."""
        try:
            rows = self.psql(self.port["monitor"], "pg_auto_failover",
                             "select nodename, reportedstate, goalstate from pgautofailover.node", user="autoctl_node")
        except subprocess.CalledProcessError:
            return {}
        return {r.split("|")[0]: tuple(r.split("|")[1:]) for r in rows.splitlines()}

    def primary(self):
        return next((n for n, (rep, goal) in self.state().items() if rep == goal and rep in ("primary", "wait_primary", "single")), None)

    def connection_string(self, db, attributes):
        hosts = ",".join(f"127.0.0.1:{self.port[n]}" for n in self.nodes)
        return (f"Host={hosts};Database={db};Username=postgres;Password=postgres;Timeout=3;Command Timeout=5;"
                f"Maximum Pool Size=100;Host Recheck Seconds=1;Target Session Attributes={attributes}")

    def kill9(self, node):
        """The node dies whole, as its host would: its keeper's session (pg_autoctl and the postmaster it runs), then
        the postmaster by its pid file should it have left the session. Backends notice the postmaster's death and exit."""
        pid = int(open(os.path.join(self.dir, f"{node}.pid")).read())
        postmaster = None
        try:
            postmaster = int(open(os.path.join(self.dir, node, "postmaster.pid")).readline())
        except (OSError, ValueError):
            pass
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        if postmaster:
            try:
                os.kill(postmaster, signal.SIGKILL)
            except OSError:
                pass

    def start_keeper(self, node):
        subprocess.run(["bash", "-c", f'source "{ROOT}/ops/lib/replicas.sh"; cloudnet_replicas_start_keeper {node}'],
                       check=True, env={**os.environ, "CLOUDNET_PGDATA": os.path.dirname(self.dir)})


def scenario_failover(args, pg, out):
    f = Formation(args)
    db = "cloudnet_chaos_failover"
    old = f.primary()
    if old is None:
        raise RuntimeError(f"no primary in the formation: {f.state()}")
    standby = next(n for n in f.nodes if n != old)
    f.psql(f.port[old], "postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    f.psql(f.port[old], "postgres", f'CREATE DATABASE "{db}"')
    node = Service("failover-node", args.port, f.connection_string(db, "primary"), args.log_dir,
                   {"ConnectionStrings__PostgresReads": f.connection_string(db, "prefer-standby")}).start()
    out.append(node)
    node.wait_healthy()
    token, tenant = token_for(args.port, *DEMO)
    warm = Client(args.port, token)
    for method, path, body in [("POST", "/os-floating-ips", None), ("GET", "/os-floating-ips", None),
                               ("POST", "/v2.0/networks", {"network": {"name": "warm-up"}}), ("GET", "/v2.0/networks", None)]:
        warm.send(method, path, body)
    warm.close()

    results = []  # (kind, family, t0, t1, status, format_ok, read_from)
    acked = {"nova": {}, "neutron": {}}  # id -> address or name
    lock = threading.Lock()
    stop = threading.Event()

    def record(kind, family, t0, status, parsed, hdrs):
        fmt = True
        if status is not None and status >= 400:
            fmt = family_format_ok(family, status, parsed)
        with lock:
            results.append((kind, family, t0, time.monotonic(), status, fmt, hdrs.get("x-cloudnet-read-from")))

    def writer(i):
        cl = Client(args.port, token, timeout=30)
        n = 0
        while not stop.is_set():
            n += 1
            family = "neutron" if n % 4 == 0 else "nova"
            t0 = time.monotonic()
            if family == "nova":
                status, body, hdrs = cl.send("POST", "/os-floating-ips")
                if status == 202:
                    with lock:
                        acked["nova"][body["floating_ip"]["id"]] = body["floating_ip"]["ip"]
            else:
                status, body, hdrs = cl.send("POST", "/v2.0/networks", {"network": {"name": f"failover-{i}-{n}"}})
                if status == 201:
                    with lock:
                        acked["neutron"][body["network"]["id"]] = body["network"]["name"]
            record("write", family, t0, status, body, hdrs)
            if status is None or status >= 500:
                time.sleep(0.05)  # a client's back-off: the outage is timed from these requests, not sped through
        cl.close()

    def reader(i):
        cl = Client(args.port, token, timeout=30)
        n = 0
        while not stop.is_set():
            n += 1
            with lock:
                ids = list(acked["nova"])
            t0 = time.monotonic()
            if n % 5 == 0 or not ids:
                status, body, hdrs = cl.send("GET", "/os-floating-ips")
            else:
                status, body, hdrs = cl.send("GET", f"/os-floating-ips/{ids[(n * 7919 + i) % len(ids)]}")
            record("read", "nova", t0, status, body, hdrs)
            if status is None or status >= 500:
                time.sleep(0.05)
        cl.close()

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(args.threads // 2)]
    threads += [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(args.threads // 2)]
    for t in threads:
        t.start()
    time.sleep(args.load_before + 3)
    t_kill = time.monotonic()
    f.kill9(old)
    log(f"failover: kill -9 of the primary {old} after {args.load_before + 3:.0f} s of load")

    # Until the monitor names the standby primary and a write started after that is acknowledged.
    promoted = recovered = None
    deadline = t_kill + args.failover_timeout
    while time.monotonic() < deadline and recovered is None:
        time.sleep(0.1)
        if promoted is None and f.primary() == standby:
            promoted = time.monotonic() - t_kill
        with lock:
            recovered = next((r[2] for r in results if r[0] == "write" and r[2] > t_kill and r[4] is not None
                              and 200 <= r[4] < 300), None)
    if recovered is None:
        stop.set()
        raise RuntimeError(f"writes did not come back within {args.failover_timeout} s; monitor: {f.state()}")
    time.sleep(2)

    # The old primary comes back: pg_auto_failover rewinds it and it rejoins as the standby, under load.
    t_rejoin = time.monotonic()
    f.start_keeper(old)
    rejoined = None
    while time.monotonic() - t_rejoin < args.failover_timeout:
        state = f.state()
        if state.get(old) == ("secondary", "secondary") and state.get(standby) == ("primary", "primary"):
            rejoined = time.monotonic() - t_rejoin
            break
        time.sleep(0.2)
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join(40)

    # Writes while there was no primary: the kill up to the first write acknowledged after it.
    writes = [r for r in results if r[0] == "write"]
    reads = [r for r in results if r[0] == "read"]
    outage_writes = [r for r in writes if r[2] > t_kill and r[3] < recovered]
    outage_not_503 = [r for r in outage_writes if r[4] != 503]
    outage_bad_format = [r for r in outage_writes if r[4] == 503 and not r[5]]
    # Reads during the outage, past the first second (Host Recheck Seconds=1: in it, a read may still be on a
    # pooled connection to the dead primary, and gets a 503 like a write).
    outage_reads = [r for r in reads if r[2] > t_kill + 1 and r[3] < recovered]
    outage_reads_failed = [r for r in outage_reads if r[4] != 200]
    first_second_reads = [r for r in reads if t_kill < r[2] <= t_kill + 1]
    other_5xx = [r for r in results if r[4] is not None and r[4] >= 500 and r[4] != 503]
    unanswered = [r for r in results if r[4] is None]
    unavailable = recovered - t_kill
    last_before = max((r[3] for r in writes if r[3] <= t_kill and r[4] is not None and 200 <= r[4] < 300), default=t_kill)

    # Afterwards, on the new primary: everything acknowledged is there, once, whole.
    s = "cloudnet"
    q = lambda sql: f.psql(f.port[standby], db, sql)
    stored_ips = dict(line.split("|") for line in q(f"select id::text, data->>'Address' from {s}.mt_doc_floatingip").splitlines())
    status, body, _ = request(args.port, "GET", "/v2.0/networks", token=token)
    stored_networks = {n["id"] for n in body["networks"]} if status == 200 else set()
    lost = [i for i, ip in acked["nova"].items() if stored_ips.get(i) != ip]
    lost += [i for i in acked["neutron"] if i not in stored_networks]
    duplicates = int(q(f"""select
        (select count(*) from (select data->>'Address' from {s}.mt_doc_floatingip group by 1 having count(*) > 1) a)
      + (select count(*) from (select network_id, address from {s}.address_holdings where to_at is null
                               group by 1, 2 having count(*) > 1) c)
      + (select count(*) from (select address from {s}.ip_leases where scope like 'pool:%' group by 1 having count(*) > 1) d)"""))
    orphans = int(q(f"""select
        (select count(*) from {s}.mt_doc_floatingip f where not exists
           (select 1 from {s}.ip_leases l where l.scope like 'pool:%' and host(l.address) = f.data->>'Address'))
      + (select count(*) from {s}.ip_leases l where l.scope like 'pool:%' and not exists
           (select 1 from {s}.mt_doc_floatingip f where f.data->>'Address' = host(l.address)))"""))
    # Every stream's versions run 1..n with its head (mt_streams) at n: nothing half-appended. Marten's own
    # tombstone stream is not one: it holds the placeholders Marten writes for sequence numbers of failed appends.
    half = int(q(f"""select count(*) from (select e.stream_id, count(*) c, max(e.version) m, min(st.version) head
        from {s}.mt_events e join {s}.mt_streams st on st.id = e.stream_id where e.type <> 'tombstone'
        group by 1) x where c <> m or head <> m"""))
    # Sequence numbers taken and never committed (the transactions the kill rolled back), and those Marten filled with
    # tombstones: a rebuild reads by sequence and skips both; no projection here is asynchronous, so no daemon waits
    # on a gap.
    seq_gaps = int(q(f"select coalesce(max(seq_id) - count(*), 0) from {s}.mt_events"))
    tombstones = int(q(f"select count(*) from {s}.mt_events where type = 'tombstone'"))
    # The history of what was acknowledged, from the API: each one's events, whole.
    history_bad = []
    hc = Client(args.port, token)
    for i in list(acked["nova"])[:: max(1, len(acked["nova"]) // 25)]:
        status, body, _ = hc.send("GET", f"/history/floating-ips/{i}/events")
        if status != 200:
            history_bad.append((i, status))
    hc.close()
    # A rebuild of every projection from the events, on the new primary, gives back the same read models.
    node.stop()
    snapshot = lambda: q(f"select md5(string_agg(id::text || data::text, ',' order by id)) from {s}.mt_doc_floatingip")
    before_rebuild = snapshot()
    rebuild = subprocess.run(["dotnet", os.path.join("bin", "Release", "net10.0", "CloudNet.Api.dll"), "projections", "rebuild"],
                             cwd=API_DIR, env={**node.env, "Logging__LogLevel__Default": "Warning"},
                             capture_output=True, text=True, timeout=600)
    rebuilt_same = rebuild.returncode == 0 and snapshot() == before_rebuild
    if not rebuilt_same:
        log(f"failover: projections rebuild exited {rebuild.returncode}: {(rebuild.stdout + rebuild.stderr)[-1500:]}")

    ok = (not lost and duplicates == 0 and orphans == 0 and half == 0 and rebuilt_same and outage_writes and not outage_not_503
          and not outage_bad_format and outage_reads and not outage_reads_failed and not other_5xx and not unanswered
          and not history_bad and rejoined is not None)
    n_acked = len(acked["nova"]) + len(acked["neutron"])
    line = (f"failover: {len(results):,} requests ({len(writes):,} writes, {len(reads):,} reads), {n_acked:,} writes acknowledged "
            f"({len(acked['nova']):,} nova floating IPs, {len(acked['neutron']):,} neutron networks); kill -9 of {old}: "
            f"{standby} promoted in " + (f"{promoted:.1f} s" if promoted is not None else "?") +
            f", writes unavailable {unavailable:.1f} s (last acknowledged {t_kill - last_before:.2f} s before the kill), "
            f"{len(outage_writes):,} writes meanwhile: {len(outage_writes) - len(outage_not_503):,} 503 in the family's format "
            f"({len(outage_bad_format)} wrong format, {len(outage_not_503)} not 503); reads meanwhile {len(outage_reads) - len(outage_reads_failed):,}"
            f"/{len(outage_reads):,} 200 after the first second ({sum(1 for r in first_second_reads if r[4] == 200)}/{len(first_second_reads)} in it); "
            f"{len(lost)} lost, {duplicates} duplicates, {orphans} orphan leases, {half} half-written streams, "
            f"{seq_gaps} unused sequence numbers and {tombstones} tombstones (skipped by a rebuild), {len(history_bad)} histories unreadable, projections rebuild "
            f"{'gives the same floating IPs' if rebuilt_same else 'FAILED or differs'}; {len(other_5xx)} other 5xx, "
            f"{len(unanswered)} unanswered; {old} rejoined as standby in " + (f"{rejoined:.1f} s" if rejoined is not None else "NEVER"))
    from_counts = {}
    for r in reads:
        from_counts[r[6]] = from_counts.get(r[6], 0) + 1
    return ok, line, {"acknowledged": n_acked, "lost": lost[:20], "duplicates": duplicates, "orphans": orphans,
                      "half_written": half, "sequence_gaps": seq_gaps, "tombstones": tombstones, "rebuilt_same": rebuilt_same, "promoted_s": promoted and round(promoted, 2),
                      "writes_unavailable_s": round(unavailable, 2), "outage_writes": len(outage_writes),
                      "outage_not_503": len(outage_not_503), "outage_bad_format": len(outage_bad_format),
                      "outage_reads": len(outage_reads), "outage_reads_failed": len(outage_reads_failed),
                      "rejoined_s": rejoined and round(rejoined, 2), "read_from": from_counts,
                      "examples": [str(r) for r in (outage_not_503 + outage_bad_format + outage_reads_failed + other_5xx)[:5]],
                      "history_bad": history_bad[:5]}


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenarios", nargs="*", default=["crash", "dbrestart", "twonodes"])
    p.add_argument("--pg-port", type=int, default=0)
    p.add_argument("--pg-data", default="")
    p.add_argument("--replicas-dir", help="failover: the pg_auto_failover formation of ops/lib/replicas.sh")
    p.add_argument("--port", type=int, default=18870)
    p.add_argument("--log-dir", required=True)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--crash-after", type=float, default=5.0)
    p.add_argument("--load-before", type=float, default=2.0)
    p.add_argument("--down-for", type=float, default=5.0)
    p.add_argument("--max-latency", type=float, default=5.0)
    p.add_argument("--allocations", type=int, default=10000)
    p.add_argument("--races", type=int, default=100)
    p.add_argument("--tenants", type=int, default=6)
    p.add_argument("--failover-timeout", type=float, default=180)
    p.add_argument("--json", help="write the figures here")
    p.add_argument("--npgsql-defaults", action="store_true", help="no Timeout / Command Timeout in the connection string")
    args = p.parse_args()
    # SIGTERM or Ctrl-C (also from ops/chaos's clean-up): stop the services this driver started, then leave at
    # once (worker threads of a scenario may be blocked on a request).
    def interrupted(*_):
        for svc in list(RUNNING):
            try:
                os.kill(svc.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        os._exit(130)
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    os.makedirs(args.log_dir, exist_ok=True)
    pg = Postgres(args)
    runners = {"crash": scenario_crash, "dbrestart": scenario_dbrestart, "twonodes": scenario_twonodes,
               "failover": scenario_failover}
    failed, figures = False, {}
    for name in args.scenarios:
        services = []
        try:
            ok, line, data = runners[name](args, pg, services)
        except Exception as e:  # a scenario that could not run is a failed scenario
            ok, line, data = False, f"{name}: ERROR {e}", {"error": str(e)}
        finally:
            for svc in services:
                svc.stop()
        figures[name] = {"ok": ok, "line": line, **data}
        print(("PASS " if ok else "FAIL ") + line, flush=True)
        if not ok:
            failed = True
            log(f"{name} details: {json.dumps(data)[:2000]}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
