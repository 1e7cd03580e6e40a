"""The web application killed (SIGKILL, master and workers) during a burst of concurrent escalations:
after a restart, every ticket whose number was confirmed to a firm is in the database.

Firms file through the no-bot ticket form (``POST /api/chat/ticket``), the path on which the web
process itself writes tickets. Each simulated firm has its own address (``X-Forwarded-For`` behind one
trusted proxy), as in production, so the per-address throttle does not hide the load.
"""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.ops.conftest import web_env
from tests.ops.procs import ROOT, Proc, free_port, web_proc
from tickets import TicketStore, ZoneDirectory

ZONES = ["环秀街道", "龙山街道", "蓝村街道", "金口镇", "即墨经济开发区", "田横镇"]
SENDERS = 16
CONFIRMED_BEFORE_KILL = 40


class Burst:
    """Concurrent firms filing tickets until stopped; remembers every number confirmed to a firm."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.confirmed: list[str] = []
        self.failed = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def firm(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            n = next(self._ids)
            form = {
                "firm_name": f"青岛压力测试第{n}号有限公司",
                "contact_name": "陈先生",
                "phone": f"139{n:08d}",
                "zone": ZONES[n % len(ZONES)],
                "question": f"第{n}个问题：我们想咨询研发费用加计扣除的申报材料。",
            }
            headers = {"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
            try:
                response = session.post(
                    self.base + "/api/chat/ticket", json=form, headers=headers, timeout=10
                )
            except requests.RequestException:
                with self._lock:
                    self.failed += 1
                time.sleep(0.05)
                continue
            if response.status_code == 201:
                with self._lock:
                    self.confirmed.append(response.json()["ticket"]["number"])


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_during_burst_loses_no_confirmed_ticket(
    backend: str, tmp_path: Path, procs: list[Proc], request: pytest.FixtureRequest
) -> None:
    database_url = (
        f"sqlite:///{tmp_path / 'huiqi.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_schema_url")
    )
    env = web_env(tmp_path, database_url, HUIQI_TRUSTED_PROXIES="1")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = web_proc(tmp_path, env, port, workers=2)
    procs.append(web.start())
    web.wait_http(base + "/widget.js", timeout=60)

    burst = Burst(base)
    with ThreadPoolExecutor(SENDERS) as pool:
        for _ in range(SENDERS):
            pool.submit(burst.firm)
        deadline = time.monotonic() + 60
        while len(burst.confirmed) < CONFIRMED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.02)
        web.kill()  # SIGKILL to gunicorn's whole process group, requests in flight
        time.sleep(0.5)
        burst.stop.set()
    confirmed = list(burst.confirmed)
    assert len(confirmed) >= CONFIRMED_BEFORE_KILL, f"the burst did not get going:\n{web.tail()}"
    assert burst.failed > 0, "the kill did not interrupt the burst"
    assert len(set(confirmed)) == len(confirmed), "a ticket number was given to two firms"

    restarted = web_proc(tmp_path, env, port, workers=2, name="web-restarted")
    procs.append(restarted.start())
    restarted.wait_http(base + "/widget.js", timeout=60)

    store = TicketStore(database_url, ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    try:
        missing = [number for number in confirmed if store.get(number) is None]
        assert missing == [], f"{len(missing)} confirmed tickets lost: {missing[:5]}"
    finally:
        store.dispose()
    # The firm's own check after the restart, through the restarted web application.
    first = confirmed[0]
    looked_up = requests.post(
        base + "/api/chat/lookup",
        json={"number": first, "phone": _phone_of(database_url, first)},
        headers={"X-Forwarded-For": "10.255.0.1"},
        timeout=10,
    )
    assert looked_up.status_code == 200, looked_up.text


def _phone_of(database_url: str, number: str) -> str:
    store = TicketStore(database_url, ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    try:
        ticket = store.get(number)
        assert ticket is not None
        return ticket.phone
    finally:
        store.dispose()
