"""How fast the programme page renders for a year of a district at ten times the reference volume.

Fills a fresh SQLite register with ``--consultations`` (default 40,000) conversations over 2025 (one in
ten with a zone, as tickets and window cases have), then times ``GET /office`` for the whole year and
its .xlsx export through the Flask app, signed in as the office. Target: under 1 s.
Usage: ``python bench/office_page.py [--consultations 40000] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from bench.consultation_register import synthetic_year  # noqa: E402
from connectors.web import create_app  # noqa: E402
from connectors.web.services import get_store  # noqa: E402
from tickets import ZoneDirectory  # noqa: E402
from tickets.models import ConsultationRow  # noqa: E402

PASSWORD = "bench-office-password"
PERIOD = "since=2025-01-01&until=2025-12-31"


def _timed(client, url: str, runs: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU seconds of each request (on a shared, loaded machine CPU time is the steadier)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consultations", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    zones = ZoneDirectory.load(ROOT / "data" / "zones.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{tmp}/huiqi.db",
                "ZONES_DIRECTORY": zones,
                "DATA_DIR": tmp,
                "LOGIN_RATE_LIMIT": "1000 per minute",
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            store = get_store()
            store.set_password("office", PASSWORD)
            start = time.perf_counter()
            synthetic_year(store, args.consultations, 2025)
            rng = random.Random(7)
            names = list(zones.zones)
            with store.engine.begin() as conn:
                for zone_id in range(1, args.consultations, 10):
                    conn.execute(
                        update(ConsultationRow)
                        .where(ConsultationRow.id == zone_id)
                        .values(zone=rng.choice(names))
                    )
            print(
                f"filled {args.consultations} consultations over 2025 in {time.perf_counter() - start:.1f} s"
            )
        client = app.test_client()
        client.post("/console/login", data={"login": "office", "password": PASSWORD})
        pages = (
            ("GET /office (a year)", f"/office?{PERIOD}"),
            ("GET /office/export.xlsx", f"/office/export.xlsx?{PERIOD}"),
        )
        for label, url in pages:
            wall, cpu = _timed(client, url, args.runs)
            print(
                f"{label}: median {statistics.median(wall) * 1000:.0f} ms wall, "
                f"{statistics.median(cpu) * 1000:.0f} ms CPU "
                f"({args.runs} runs; load {os.getloadavg()[0]:.1f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
