"""A real Streamlit server and a real Chromium, shared by the browser tests and the benchmark.

The server runs ``streamlit run app.py`` from a given tree on a free loopback port and is
always stopped when the ``with`` block ends. The browser is Debian's Chromium, driven by
Playwright (Playwright cannot download its own browser here).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

from studylab.content.catalog import Section, build_catalog, page_scripts
from studylab.content.loader import ROOT, load_content

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_VERSION = "4.14.1"
"""Pinned here and in the Makefile's ``axe`` target, which installs it."""
AXE_JS = ROOT / "build" / "node_modules" / "axe-core" / "axe.min.js"

VIEWPORT = {"width": 1400, "height": 900}
"""Wide enough that the sidebar menu is open."""
RENDERED = "[data-testid='stApp'][data-test-script-state='notRunning']"
"""The app has finished its script run (it can read so for a moment right after a click)."""
START_TIMEOUT = 90.0
RENDER_TIMEOUT_MS = 60_000


class ServerError(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


@dataclass(frozen=True)
class Server:
    """A running app: where to reach it and its process (for memory readings)."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def rss_bytes(self) -> int:
        """Resident memory of the server process, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise ServerError("no VmRSS line for the server process")


def free_port() -> int:
    """A TCP port that is free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, with the command that fixes it; None if they can."""
    if not CHROMIUM.exists():
        return f"Chromium is missing at {CHROMIUM}: run `make setup-dev` (it installs Debian's chromium)"
    return None


def axe_problem() -> str | None:
    """Why axe-core cannot be injected, with the command that fixes it; None if it can."""
    if not AXE_JS.exists():
        return f"axe-core {AXE_VERSION} is missing at {AXE_JS}: run `make axe`"
    return None


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with the flags this machine needs."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@contextmanager
def streamlit_server(
    root: Path = ROOT, *options: str, env: Mapping[str, str] | None = None, port: int | None = None
) -> Iterator[Server]:
    """Run ``streamlit run app.py`` in ``root`` on a free port until the block ends.

    ``options`` are extra command-line options (``--runner.postScriptGC=false``);
    ``env`` adds environment variables (``STUDYLAB_ROOT``, ``PYTHONPATH``);
    ``port`` is the port to listen on (default: a free one).
    """
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        *options,
    ]
    environment = {**os.environ, **(env or {})}
    with tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False) as log_file:
        log = Path(log_file.name)
        process = subprocess.Popen(
            command, cwd=root, env=environment, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(url=f"http://127.0.0.1:{port}", port=port, process=process, log=log)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.unlink(missing_ok=True)


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"streamlit exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise ServerError(f"streamlit did not answer /_stcore/health within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


def wait_rendered(page: Page, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
    """Wait until the script run has finished, the first heading is there and the menu is drawn.

    Every page of the app draws the sidebar menu; the sidebar appears a moment after the
    script run ends, so it is waited for too.
    """
    page.wait_for_selector(RENDERED, timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    page.wait_for_selector(RENDERED, timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']", timeout=timeout_ms)


def load_catalog(root: Path = ROOT) -> list[Section]:
    """The catalog the app builds from ``root`` (the same one the menu shows)."""
    content = load_content(root)
    return build_catalog(content, page_scripts(content))
