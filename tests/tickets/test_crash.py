"""A process killed with SIGKILL loses no ticket whose number it had already been given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.tickets.conftest import ZONES_FILE
from tickets import TicketStore, ZoneDirectory

WRITER = textwrap.dedent(
    """
    import sys
    from tickets import NewTicket, TicketStore, ZoneDirectory
    store = TicketStore(sys.argv[1], ZoneDirectory.load(sys.argv[2]))
    while True:
        t = store.create(NewTicket(channel="hotline", firm_name="崩溃测试有限公司", contact_name="李工",
                                   phone="13800000000", zone="金口镇", category="其他", question="测试"))
        print(t.number, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_loses_no_confirmed_ticket(db_url: str, zones: ZoneDirectory) -> None:
    TicketStore(db_url, zones).dispose()  # migrate first, so the writer starts writing at once
    confirmed: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, db_url, str(ZONES_FILE)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while len(confirmed) < 40 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            confirmed.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)  # most likely mid-write: it loops on create()
        proc.wait(timeout=10)
        confirmed += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    assert len(confirmed) >= 40, "the writer did not get going"

    store = TicketStore(db_url, zones)
    missing = [n for n in confirmed if store.get(n) is None]
    assert missing == []
    assert store.count() >= len(confirmed)
    store.dispose()
