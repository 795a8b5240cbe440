"""The whole deployment on one machine: PostgreSQL, N app servers and nginx in front, all on loopback.

Run with ``python -m tools.cluster`` (or ``make cluster``): it starts a throwaway PostgreSQL
cluster in a temporary folder (Debian's server binaries, as the tests do), brings its database to
the newest schema, starts the app servers on loopback ports with that database as
``STUDYLAB_DATABASE_URL``, writes ``deploy/nginx.conf`` with those servers into a temporary folder
and runs Debian's nginx on it in the foreground. It prints the URL and stops everything (nginx,
the app servers, PostgreSQL, the folders) on Ctrl-C. ``--print-config`` only prints the nginx
configuration for given ports, for a real deployment to start from.

The browser test ``tests/e2e/test_cluster.py`` uses :func:`running_cluster` directly.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from studylab.content.loader import ROOT
from tests.postgres import PostgresCluster, postgres_problem
from tests.serving import Server, ServerError, streamlit_server

TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = "nginx"
ROUTE_COOKIE = "studylab_route"
"""The cookie nginx hashes to pick an app server (set by nginx itself on a browser's first request)."""

PORTS = (8681, 8682, 8683)
"""Default loopback ports: nginx, then one per app server."""

START_TIMEOUT = 30.0
UPSTREAM = re.compile(r"route=(\S+) upstream=(\S+)")


def nginx_problem() -> str | None:
    """Why nginx cannot run here, with the command that fixes it; None if it can."""
    if shutil.which(NGINX) is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is missing: run `make setup-dev` (it installs Debian's nginx)"
    return None


def nginx_binary() -> str:
    return shutil.which(NGINX) or "/usr/sbin/nginx"


def render_config(prefix: Path, listen: str, app_ports: Sequence[int]) -> str:
    """``deploy/nginx.conf`` with its placeholders filled in."""
    servers = "\n        ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in app_ports)
    values = {"{prefix}": str(prefix), "{listen}": listen, "{servers}": servers}
    lines = []
    for line in TEMPLATE.read_text().splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            for placeholder, value in values.items():
                line = line.replace(placeholder, value)
        lines.append(line)
    return "".join(lines)


@dataclass
class Cluster:
    """A running cluster: the URL to open, the database, and each app server by its port."""

    url: str
    database_url: str
    servers: dict[int, Server]
    prefix: Path
    stack: ExitStack

    def stop_server(self, port: int) -> None:
        """Stop one app server at once (as if its machine went away)."""
        process = self.servers[port].process
        process.kill()
        process.wait(timeout=15)

    def upstream_of(self, route: str) -> int:
        """The app server port nginx routes the route cookie ``route`` to (asked through nginx, read from its log)."""
        request = urllib.request.Request(f"{self.url}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"})
        with urllib.request.urlopen(request, timeout=10):
            pass
        # nginx writes the log line just after it sends the response: look again for a moment.
        deadline = time.monotonic() + 5
        while True:
            for line in reversed((self.prefix / "access.log").read_text().splitlines()):
                found = UPSTREAM.search(line)
                if found and found.group(1) == route and "/_stcore/health" in line:
                    return int(found.group(2).rsplit(":", 1)[1])
            if time.monotonic() > deadline:
                raise ServerError(f"nginx logged no upstream for route {route}")
            time.sleep(0.05)

    def route_to(self, port: int) -> str:
        """A route cookie value that nginx sends to the app server on ``port``."""
        for number in range(200):
            route = f"route{number}"
            if self.upstream_of(route) == port:
                return route
        raise ServerError(f"no route cookie reaches port {port}")


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"nginx exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise ServerError(f"nginx did not answer within {START_TIMEOUT:.0f} s")


@contextmanager
def _nginx(prefix: Path, listen: str, app_ports: Sequence[int]) -> Iterator[str]:
    # Under root nginx's workers run as `nobody`: they must be able to reach the temp folders.
    prefix.chmod(0o755)
    config = prefix / "nginx.conf"
    config.write_text(render_config(prefix, listen, app_ports))
    log = prefix / "error.log"
    command = [nginx_binary(), "-p", str(prefix), "-c", str(config), "-e", str(log)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{listen}"
    try:
        _wait(url, process, log)
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def _postgres(port: int | None) -> Iterator[str]:
    problem = postgres_problem()
    if problem:
        raise ServerError(problem)
    cluster = PostgresCluster()
    if port is not None:
        cluster.port = port
    cluster.start()
    try:
        url = cluster.new_database()
        subprocess.run(
            [sys.executable, "-m", "studylab", "db", "upgrade"],
            cwd=ROOT,
            env={**os.environ, "STUDYLAB_DATABASE_URL": url},
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield url
    finally:
        cluster.stop()


@contextmanager
def running_cluster(
    nginx_port: int,
    app_ports: Sequence[int],
    postgres_port: int | None = None,
    options: Sequence[str] = (),
    root: Path = ROOT,
    env: Mapping[str, str] | None = None,
) -> Iterator[Cluster]:
    """PostgreSQL, one app server per port in ``app_ports`` and nginx on ``nginx_port``, until the block ends.

    ``root`` is the app's folder and ``env`` adds environment variables (the benchmark serves a copy
    of the app with its baseline pages added, see :func:`tools.bench.hello_tree`)."""
    problem = nginx_problem()
    if problem:
        raise ServerError(problem)
    with ExitStack() as stack:
        database_url = stack.enter_context(_postgres(postgres_port))
        servers = {}
        for port in app_ports:
            servers[port] = stack.enter_context(
                streamlit_server(root, *options, port=port, env={**(env or {}), "STUDYLAB_DATABASE_URL": database_url})
            )
        prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="studylab-nginx-")))
        url = stack.enter_context(_nginx(prefix, f"127.0.0.1:{nginx_port}", app_ports))
        yield Cluster(url=url, database_url=database_url, servers=servers, prefix=prefix, stack=stack)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=PORTS[0], help="nginx's port (default %(default)s)")
    parser.add_argument(
        "--app-ports", type=int, nargs="+", default=list(PORTS[1:]), help="one port per app server (default: two)"
    )
    parser.add_argument("--postgres-port", type=int, default=None, help="PostgreSQL's port (default: a free one)")
    parser.add_argument("--print-config", action="store_true", help="print the nginx configuration and stop")
    args = parser.parse_args(argv)
    if args.print_config:
        print(render_config(Path("/var/lib/studylab-nginx"), f"0.0.0.0:{args.port}", args.app_ports))
        return 0
    # Ctrl-C and a plain `kill` both end the `with` block, which stops everything.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with running_cluster(args.port, args.app_ports, args.postgres_port) as cluster:
            print(f"Study Lab on {len(cluster.servers)} app servers behind nginx: {cluster.url}")
            print(f"Database: {cluster.database_url}")
            print("Press Ctrl-C to stop everything.", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopped.")
    except ServerError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
