"""What the benchmark drivers share: JSON calls to the service over one keep-alive connection (a non-2xx that was not
expected stops the run: errors are not throughput), tokens, and SQL through psql. Standard library only."""
import http.client, json, subprocess, sys


def logger(name):
    return lambda message: print(f"[{name}] {message}", file=sys.stderr, flush=True)


def connect(host, port, timeout=30):
    return http.client.HTTPConnection(host, port, timeout=timeout)


def call(conn, method, path, token=None, body=None, expect=(200,)):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["X-Auth-Token"] = token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status not in expect:
        raise SystemExit(f"{method} {path} answered {response.status}: {data[:300]!r}")
    return json.loads(data) if data else None


def token(conn, user, password):
    body = {"auth": {"passwordCredentials": {"username": user, "password": password}}}
    return call(conn, "POST", "/v2.0/tokens", body=body)["access"]["token"]["id"]


def sql(psql, query):
    return subprocess.run(psql + ["-Atqc", query], check=True, capture_output=True, text=True).stdout.strip()
