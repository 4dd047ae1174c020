#!/usr/bin/env python3
"""Issue 8's memory figure (driven by ops/bench-memory): the RSS of the service right after start and after a load, on a
small log grown through the API and then on a log of >= 1,000,000 events. Standard library only; progress on stderr,
the Markdown table on stdout.

1. The service starts on a fresh database; ops/lib/bench/replay_log.py grows a log of every kind through the API
   (BENCH_BASE_EVENTS, 20,000: servers, floating IPs, private IPs created, associated, released, deleted).
2. The load (BENCH_LOAD_SECONDS, 30 s, BENCH_LOAD_THREADS, 8 threads, half per account): list and show floating IPs,
   list servers, a stream's history, an allocation then its release; RSS before and after it.
3. The service stops; the log grows in SQL to BENCH_MEMORY_EVENTS (1,000,000): the streams of the resources that step 1
   created and ended (servers deleted, floating and private IPs released), each copied whole as often as needed, in
   Marten's shape (mt_streams + mt_events, new stream and event ids, the id inside each event's data replaced, global
   sequence from mt_events_sequence). Ended resources have no read-model row, so the read models stay consistent;
   what grows is the log itself, which the history routes read.
4. The service starts again on that log: RSS after start, the same load, RSS after it.
BENCH_MEASURE_ONLY=1 (with BENCH_PSQL, BENCH_PORT, ConnectionStrings__Postgres as ops/bench-memory sets them) runs step 4
alone on the database as it is, e.g. to compare runtime settings (DOTNET_gcServer=0 …) on the same log."""
import os, random, re, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_client  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
API_DIR = os.path.join(ROOT, "src", "CloudNet.Api")
PSQL = os.environ["BENCH_PSQL"].split()
PORT = int(os.environ.get("BENCH_PORT", "8795"))
DLL = os.environ.get("BENCH_SERVICE_DLL", os.path.join("bin", "Release", "net10.0", "CloudNet.Api.dll"))
BASE_EVENTS = int(os.environ.get("BENCH_BASE_EVENTS", "20000"))
TARGET = int(os.environ.get("BENCH_MEMORY_EVENTS", "1000000"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
LOAD_THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "8"))
ACCOUNTS = {"demo": "demo-password", "other": "other-password"}
# As ops/bench: a /16 pool and a quota that never limits (the load allocates and releases).
SERVICE_ENV = {"FloatingIpPools__0__Name": "default", "FloatingIpPools__0__Cidr": "10.100.0.0/16",
               "Quotas__FloatingIps": "1000000", "Logging__LogLevel__Default": "Warning"}
# Streams copied in step 3: their resources ended (no read-model row), and their ids appear in nothing else's events
# but their own (an address's and a network's streams are not copied).
ENDED = {"server": "server_deleted", "floating_ip": "floating_ip_released", "private_ip": "private_ip_released"}
log = service_client.logger("bench-memory")
call = service_client.call


def sql(query):
    return service_client.sql(PSQL, query)


def events():
    return int(sql("select count(*) from cloudnet.mt_events"))


class Service:
    def start(self):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(["dotnet", DLL, "--urls", f"http://127.0.0.1:{PORT}"], cwd=API_DIR,
                                     env={**os.environ, **SERVICE_ENV},
                                     stdout=open(os.environ.get("BENCH_SERVICE_LOG", os.devnull), "a"), stderr=subprocess.STDOUT)
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"the service exited with {self.proc.returncode}")
            if time.monotonic() - self.t0 > 120:
                raise SystemExit("the service was not healthy after 120 s")
            try:
                conn = service_client.connect("127.0.0.1", PORT, timeout=3)
                call(conn, "GET", "/health")
                return self
            except (OSError, SystemExit):
                time.sleep(0.05)

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def load(seconds):
    """Mixed requests from LOAD_THREADS threads for `seconds`; returns the number of requests (all 2xx)."""
    conn = service_client.connect("127.0.0.1", PORT)
    tokens = {user: service_client.token(conn, user, password) for user, password in ACCOUNTS.items()}
    counts, errors, stop = [], [], time.monotonic() + seconds

    def worker(i):
        user = list(ACCOUNTS)[i % 2]
        tok, c, n, rnd = tokens[user], service_client.connect("127.0.0.1", PORT), 0, random.Random(i)
        try:
            while time.monotonic() < stop:
                held = call(c, "GET", "/os-floating-ips", tok)["floating_ips"]
                if held:
                    fip = rnd.choice(held)["id"]
                    # 404: another thread of the same tenant released it since the list (its history stays)
                    call(c, "GET", f"/os-floating-ips/{fip}", tok, expect=(200, 404))
                    call(c, "GET", f"/history/floating-ips/{fip}/events", tok)
                call(c, "GET", "/servers/detail", tok)
                new = call(c, "POST", "/os-floating-ips", tok, expect=(200, 202))["floating_ip"]["id"]
                call(c, "DELETE", f"/os-floating-ips/{new}", tok, expect=(202, 204))
                n += 5 + 2 * bool(held)
        except BaseException as e:  # a non-2xx stops the run
            errors.append(e)
        counts.append(n)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(LOAD_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"load failed: {errors[0]}")
    return sum(counts)


def grow_log(target):
    """Copies ended streams (ENDED) in SQL until the log holds `target` events."""
    ended = " or ".join(f"(s.type = '{t}' and exists (select 1 from cloudnet.mt_events e where e.stream_id = s.id and e.type = '{last}'))"
                        for t, last in ENDED.items())
    sql(f"drop table if exists bench_ended; create table bench_ended as select s.id from cloudnet.mt_streams s where {ended}")
    per_copy = int(sql("select count(*) from cloudnet.mt_events where stream_id in (select id from bench_ended)"))
    if per_copy == 0:
        raise SystemExit("no ended stream to copy")
    copies = -(-(target - events()) // per_copy)
    log(f"copying {int(sql('select count(*) from bench_ended')):,} ended streams ({per_copy:,} events) {copies} times")
    done = 0
    while done < copies:
        batch = min(10, copies - done)
        # New ids: md5 of the old one and the copy number; the id is replaced in the event data too (its own stream's id).
        sql(f"""
begin;
create temp table copy_ids as
  select s.id as old, md5(s.id::text || ':' || k)::uuid as new, k
  from bench_ended s cross join generate_series({done + 1}, {done + batch}) k;
insert into cloudnet.mt_streams (id, type, version, timestamp, created, tenant_id, compacted_version, is_archived)
  select c.new, s.type, s.version, s.timestamp, s.created, s.tenant_id, 0, false
  from copy_ids c join cloudnet.mt_streams s on s.id = c.old;
insert into cloudnet.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                correlation_id, causation_id, headers, user_name, is_archived)
  select nextval('cloudnet.mt_events_sequence'), gen_random_uuid(), c.new, e.version,
         replace(e.data::text, c.old::text, c.new::text)::jsonb, e.type, e.timestamp, e.tenant_id, e.mt_dotnet_type,
         e.correlation_id, e.causation_id, e.headers, e.user_name, false
  from (select * from copy_ids order by k) c join cloudnet.mt_events e on e.stream_id = c.old
  order by c.k, e.seq_id;
commit;""")
        done += batch
        log(f"{events():,} events")
    sql("drop table bench_ended")
    sql("vacuum analyze cloudnet.mt_events")
    sql("vacuum analyze cloudnet.mt_streams")


def main():
    rows = []

    def measure(label, count):
        service = Service().start()
        try:
            started = time.monotonic() - service.t0
            time.sleep(2)
            at_start = service.rss_mb()
            log(f"{label}: {count:,} events, healthy after {started:.2f} s, RSS {at_start:.0f} MB")
            requests = load(LOAD_SECONDS)
            after = service.rss_mb()
            log(f"{label}: {requests:,} requests in {LOAD_SECONDS} s, RSS {after:.0f} MB")
            rows.append((f"{count:,}", f"{at_start:.0f} MB", f"{after:.0f} MB", f"{requests / LOAD_SECONDS:.0f}"))
        finally:
            service.stop()

    if os.environ.get("BENCH_MEASURE_ONLY") == "1":
        # Step 4 alone, on the database as it is (e.g. the one a full run left, with DOTNET_gcServer=0 in the environment).
        measure("as it is", events())
        print_table(rows)
        return

    service = Service().start()
    try:
        # /health answers before the start-up has created the event tables, which the growth counts rows in.
        for _ in range(120):
            try:
                events()
                break
            except subprocess.CalledProcessError:
                time.sleep(0.5)
        log("growing the base log through the API (ops/lib/bench/replay_log.py)")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "replay_log.py")],
                       env={**os.environ, "BENCH_EVENTS": str(BASE_EVENTS)}, check=True)
    finally:
        service.stop()
    measure("small log", events())

    grow_log(TARGET)
    measure("large log", events())
    print_table(rows)


def print_table(rows):
    print(f"| events in the log | RSS 2 s after start | RSS after {LOAD_SECONDS} s of load ({LOAD_THREADS} threads) | requests/s of that load |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
