"""SIGTERM stops the server gracefully: a request in flight is answered, then the workers, the fork server
that made them and the server itself are gone, and the command exits with 143 like every command."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx

from tests.serve.conftest import start_server

# About a second of work for the engine.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { { ?a a ?c . ?d a ?e } UNION { ?a a ?c . ?d a ?e } }"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for good: only its parent's wait is missing.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_sigterm_finishes_the_requests_in_flight_and_leaves_no_process(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--workers", "2")
    try:
        helpers = server.descendants()
        assert len(helpers) >= 3  # the fork server, two workers (and multiprocessing's resource tracker)
        answer: dict[str, httpx.Response] = {}

        def ask() -> None:
            answer["r"] = httpx.get(
                f"{server.base}/sparql", params={"query": SLOW}, headers={"Accept": "text/csv"}, timeout=30
            )

        thread = threading.Thread(target=ask)
        thread.start()
        time.sleep(0.3)  # the query is running
        server.process.send_signal(signal.SIGTERM)
        thread.join(30)
        assert answer["r"].status_code == 200
        assert answer["r"].text.startswith("n\r\n")
        assert server.process.wait(30) == 143
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in helpers if alive(pid)] == []
        assert "terminated by SIGTERM" in server.log.read_text()
    finally:
        server.stop()


def test_a_script_without_a_main_guard_can_embed_the_app(tmp_path: Path) -> None:
    # Regression: multiprocessing ran the script's top level again in every worker, which made a
    # second application (and pool) there and failed.
    import subprocess
    import sys

    script = tmp_path / "embed.py"
    script.write_text(
        "from starlette.testclient import TestClient\n"
        "from cybergraph.graph.build import build\n"
        "from cybergraph.serve.app import create_app\n"
        "from cybergraph.serve.limits import Limits\n"
        "app = create_app(build(), limits=Limits(workers=1), pages=None)\n"
        "with TestClient(app) as client:\n"
        "    query = {'query': 'ASK { cgid:apec ?p ?o }'}\n"
        "    r = client.get('/sparql', params=query, headers={'Accept': 'text/csv'})\n"
        "    print(r.status_code, r.text.strip())\n"
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.stdout == "200 true\n", result.stderr


def test_a_server_killed_outright_leaves_no_worker(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--workers", "2")
    try:
        helpers = server.descendants()
        assert len(helpers) >= 3
        server.process.kill()  # SIGKILL: no shutdown runs; the fork server sees its pipe close, the
        server.process.wait(10)  # workers die with it (PR_SET_PDEATHSIG)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in helpers if alive(pid)] == []
    finally:
        server.stop()
