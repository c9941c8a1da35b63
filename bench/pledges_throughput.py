"""Throughput of the pledge pages under gunicorn on PostgreSQL, as a ratio to the health view.

    .venv/bin/python bench/pledges_throughput.py [-s 5] [-r 3] [-c 16] [-w 4] [--cache redis]

Needs PostgreSQL (user postgres, trust) on 127.0.0.1:5432 and, for the default Redis cache,
Redis on 127.0.0.1:6379. It (re)creates the database corporate_parenting_bench, migrates it,
loads the demo council (23 promises) and adds a council with 55 promises in 6 themes and ten
years of quarterly approved progress (tests/pledges/builders.py). It empties Redis database 9
(the benchmark's own) and serves the project with gunicorn (sync workers, as the Dockerfile
runs it; DEBUG off; Celery in-process, so /health/ pings no broker), signs each council's
councillor in through the sign-in form, and drives C concurrent connections at each URL for S
seconds: /health/, the councillors' view /pledge/ and the public page /p/<slug>/pledge/
(signed out). It prints requests per second, p50 and p90 and each page's ratio to /health/ in
the same run. Every response is checked: status 200 and a marker of the right page (a
redirect to sign-in fails the run). Figures are printed, never asserted.
"""

import argparse
import http.client
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

DATABASE = "corporate_parenting_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/9"  # the benchmark's own Redis database: emptied each run
HOST = "127.0.0.1"
PASSWORD = "bench-councillor-password-0123"  # a throwaway database's user

# What each page must contain, so a sign-in page or an error page cannot pass as the page.
MARKERS = {
    "health": b'"status": "ok"',
    "councillors' view": b'data-testid="overall-status"',
    "public page": b'data-testid="overall-status"',
}


def environment(cache: str) -> dict:
    """Production-like settings (the real settings module, DEBUG off) on the bench database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="corporate_parenting.settings",
        DATABASE_URL=f"{POSTGRES}/{DATABASE}",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        # No collectstatic here, so no manifest: serve static names unhashed.
        PLAIN_STATIC_STORAGE="true",
        # Celery in-process: /health/ then checks the database only, as in issue 11's
        # figures (with a broker it also pings the workers, which waits for their replies).
        REDIS_URL="",
        CACHE_URL=REDIS if cache == "redis" else "",
        EMAIL_URL="",
        LOG_LEVEL="WARNING",
        # WhiteNoise notes that STATIC_ROOT was never collected; irrelevant to these pages.
        PYTHONWARNINGS="ignore:No directory at",
        PYTHONPATH=str(ROOT),
    )
    return env


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        return found.fetchone() is not None


def build(reuse: bool) -> list[dict]:
    """Migrate, load the demo and add the 55-promise council (unless `reuse` and they are
    there already); return one row per council: its name, slug and councillor."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from corporate_parenting import demo
    from corporate_parenting.models import Membership, Organisation, User
    from corporate_parenting.roles import Role
    from pledges.models import Commitment, ProgressUpdate
    from pledges.selectors import adopted_version
    from tests.pledges.builders import build_pledge

    cache.clear()  # the benchmark's own Redis database (or this process's memory)
    if not (reuse and Organisation.objects.filter(slug="bench-council").exists()):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", allow_without_debug=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        large = Organisation.objects.create(name="Bench Council", slug="bench-council")
        councillor = User.objects.create_user(
            "councillor@bench.example.org", password=PASSWORD, full_name="Cllr Bench"
        )
        lead = User.objects.create_user("lead@bench.example.org", full_name="Lead Officer")
        Membership.objects.create(user=councillor, organisation=large, role=Role.COUNCILLOR)
        Membership.objects.create(user=lead, organisation=large, role=Role.OFFICER)
        build_pledge(large, themes=6, commitments=55, years=10, pending=5, lead=lead)
    demo_org = Organisation.objects.get(slug=demo.DEMO_ORGANISATION[1])
    demo_councillor = next(u for u in demo.DEMO_USERS if u.role == Role.COUNCILLOR)
    large = Organisation.objects.get(slug="bench-council")

    rows = []
    for organisation, email, password in [
        (demo_org, demo_councillor.email, demo.DEMO_PASSWORD),
        (large, "councillor@bench.example.org", PASSWORD),
    ]:
        version = adopted_version(organisation)
        promises = Commitment.objects.in_version(version).count()
        updates = ProgressUpdate.objects.filter(commitment__theme__version=version).approved()
        rows.append(
            {
                "name": f"{promises} promises, {updates.count()} approved updates",
                "slug": organisation.slug,
                "email": email,
                "password": password,
            }
        )
    from django.db import connections

    connections.close_all()
    return rows


# HTTP --------------------------------------------------------------------------------------


def get(port, path, cookie=""):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    headers = response.getheaders()
    connection.close()
    return response.status, headers, body


def cookies_from(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def sign_in(port, email, password) -> str:
    """Through the sign-in form, as a councillor would: returns the Cookie header."""
    status, headers, body = get(port, "/account/sign-in/")
    assert status == 200, status
    jar = cookies_from(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request(
        "POST",
        "/account/sign-in/",
        body=urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"sign-in answered {response.status}"
    jar.update(cookies_from(response.getheaders()))
    connection.close()
    assert "sessionid" in jar, "no session cookie after signing in"
    # Both cookies, as a browser sends them back: without the CSRF cookie every page that
    # shows a form (the header's sign-out button) would set a new one.
    return f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"


def read_response(sock, buffer: bytearray):
    """One HTTP/1.1 response from the socket: (status, body, server closes). The buffer keeps
    bytes read past this response."""
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        buffer += chunk
    head = bytes(buffer[:end]).split(b"\r\n")
    del buffer[: end + 4]
    status = int(head[0].split(b" ", 2)[1])
    length, close = None, False
    for line in head[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            close = True
    if length is None:  # no length: the body runs until the server closes
        while chunk := sock.recv(65536):
            buffer += chunk
        length, close = len(buffer), True
    while len(buffer) < length:
        chunk = sock.recv(max(65536, length - len(buffer)))
        if not chunk:
            raise ConnectionError("closed inside the body")
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return status, body, close


def connection_loop(port, request, marker, start_at, stop_at, results):
    """One client connection, kept alive while the server allows (gunicorn's sync workers
    close after each response: then it connects again, as a browser would)."""
    latencies, failures, sock = [], [], None
    buffer = bytearray()
    while time.perf_counter() < start_at:
        time.sleep(0.001)
    while (began := time.perf_counter()) < stop_at:
        try:
            if sock is None:
                sock = socket.create_connection((HOST, port), timeout=30)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffer.clear()
            sock.sendall(request)
            status, body, close = read_response(sock, buffer)
        except OSError as error:
            failures.append(repr(error))
            if sock is not None:
                sock.close()
            sock = None
            continue
        done = time.perf_counter()
        if status != 200 or marker not in body:
            failures.append(f"{status}: {body[:120]!r}")
        elif done <= stop_at:
            latencies.append(done - began)
        if close:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    results.append((latencies, failures))


def load_process(port, request, marker, connections, start_at, stop_at, queue):
    results: list = []
    threads = [
        threading.Thread(
            target=connection_loop, args=(port, request, marker, start_at, stop_at, results)
        )
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [latency for mine, _ in results for latency in mine]
    failures = [failure for _, theirs in results for failure in theirs]
    queue.put((latencies, failures))


def drive(port, path, cookie, marker, *, connections, seconds, processes):
    """C connections over P processes (one Python process cannot keep 16 connections busy
    on its own, the GIL being one core). Returns (requests/s, latencies in s, failures)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}", "Accept: text/html", "User-Agent: bench"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start_at = time.perf_counter() + 0.5  # every process connected and waiting
    stop_at = start_at + seconds
    shares = [connections // processes + (i < connections % processes) for i in range(processes)]
    workers = [
        context.Process(
            target=load_process, args=(port, request, marker, n, start_at, stop_at, queue)
        )
        for n in shares
        if n
    ]
    for worker in workers:
        worker.start()
    latencies, failures = [], []
    for _ in workers:
        mine, theirs = queue.get()
        latencies += mine
        failures += theirs
    for worker in workers:
        worker.join()
    return len(latencies) / seconds, latencies, failures


# gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, threads):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "corporate_parenting.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    if threads > 1:
        command += ["--threads", str(threads)]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(port, "/health/")[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("gunicorn did not start")
        time.sleep(0.2)


def cpu_seconds(parent: int) -> float:
    """CPU time (user + system) used so far by the children of `parent` (the gunicorn
    workers): less noisy than requests per second when other work shares the machine."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, "
        f"Python {platform.python_version()}, load average {load:.2f} at the start"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-s", "--seconds", type=float, default=5, help="per URL and round (default 5)"
    )
    parser.add_argument("-r", "--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument("-w", "--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (>1: gthread)"
    )
    parser.add_argument(
        "-p", "--processes", type=int, default=2, help="load-generator processes (default 2)"
    )
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--warm-up", type=float, default=2, help="seconds per URL, not counted")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help=f"keep {DATABASE} from an earlier run if it has the councils (else rebuild)",
    )
    args = parser.parse_args()

    env = environment(args.cache)
    os.environ.update(env)
    print(machine())
    if not args.reuse_database or not database_exists():
        print(f"Building the database {DATABASE} ...", flush=True)
        create_database()
    councils = build(args.reuse_database)

    port = free_port()
    server = start_gunicorn(env, port, args.workers, args.threads)
    results = {}  # (council, page) -> {"rps": [...], "latencies": [...], "cpu": [...], ...}
    try:
        for council in councils:
            cookie = sign_in(port, council["email"], council["password"])
            pages = [
                ("health", "/health/", ""),
                ("councillors' view", "/pledge/", cookie),
                ("public page", f"/p/{council['slug']}/pledge/", ""),
            ]
            sizes = {}
            for page, path, page_cookie in pages:
                status, _headers, body = get(port, path, page_cookie)
                sizes[page] = len(body)
                if status != 200 or MARKERS[page] not in body:
                    raise SystemExit(f"{path} answered {status}, not the {page}: {body[:300]!r}")
                # Not counted: every worker's first requests (imports, template compilation,
                # database connection, the cache filled).
                drive(
                    port,
                    path,
                    page_cookie,
                    MARKERS[page],
                    connections=args.connections,
                    seconds=args.warm_up,
                    processes=args.processes,
                )
            # Rounds taking turns, so a burst of other work on the machine falls on every
            # URL alike rather than on one.
            for round_ in range(args.rounds):
                for page, path, page_cookie in pages:
                    cpu_before = cpu_seconds(server.pid)
                    rps, latencies, failures = drive(
                        port,
                        path,
                        page_cookie,
                        MARKERS[page],
                        connections=args.connections,
                        seconds=args.seconds,
                        processes=args.processes,
                    )
                    cpu = cpu_seconds(server.pid) - cpu_before
                    if failures:
                        print(f"{path}: {len(failures)} failed, e.g. {failures[0]}")
                    result = results.setdefault(
                        (council["name"], page),
                        {
                            "rps": [],
                            "latencies": [],
                            "cpu_ms": [],
                            "failed": 0,
                            "bytes": sizes[page],
                        },
                    )
                    result["rps"].append(rps)
                    result["latencies"] += latencies
                    result["cpu_ms"].append(cpu * 1000 / max(1, len(latencies)))
                    result["failed"] += len(failures)
                    print(f"  round {round_ + 1}: {path:<28} {rps:8.0f} requests/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, results)


def report(args, results) -> None:
    def percentile(ordered, fraction):
        if not ordered:
            return float("nan")
        return ordered[max(0, int(fraction * len(ordered) + 0.5) - 1)] * 1000

    threads = f", {args.threads} threads each" if args.threads > 1 else ""
    print()
    print(
        f"gunicorn {args.workers} sync workers{threads}, PostgreSQL, cache: {args.cache}, "
        f"{args.connections} connections, {args.rounds} rounds of {args.seconds:g} s per URL"
    )
    print(
        "req/s: the median round; x health: each round's ratio to /health/ in the same "
        "round, median (lowest-highest); CPU ms: the gunicorn workers' CPU per request"
    )
    print(
        f"{'pledge':<36} {'page':<18} {'KB':>4} {'req/s':>6} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'x health':>19} {'CPU ms':>7} {'failed':>6}"
    )
    for (name, page), result in results.items():
        health = results[(name, "health")]
        ratios = sorted(r / h for r, h in zip(result["rps"], health["rps"], strict=True) if h)
        latencies = sorted(result["latencies"])
        ratio = (
            f"{statistics.median(ratios):5.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})"
            if page != "health"
            else ""
        )
        print(
            f"{name:<36} {page:<18} {result['bytes'] / 1024:4.0f} "
            f"{statistics.median(result['rps']):6.0f} {percentile(latencies, 0.5):7.1f} "
            f"{percentile(latencies, 0.9):7.1f} {ratio:>19} "
            f"{statistics.median(result['cpu_ms']):7.2f} {result['failed']:>6}"
        )


if __name__ == "__main__":
    main()
