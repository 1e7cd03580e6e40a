"""Load benchmark of the full answer path: ``/api/chat`` → Rasa → action server → index, on localhost.

Figures printed (and written as JSON with ``--json``):

* 200 sequential questions: p50, p95, max latency, errors;
* 20 and 50 concurrent senders (locust, headless): throughput, p50, p95, errors;
* resident memory (RSS, psutil) of each process — web (gunicorn master + workers), Rasa server,
  action server — at rest after warm-up and at peak under load.

The questions are the shipped corpus's development questions (``data/eval/questions.jsonl``). With ``--start``
(default when nothing answers on the web port) the service is started with scripts/run.sh — the same
supervisor ``make run`` uses — with the chat rate limits raised for the load generator (all its
"firms" share one address), and stopped afterwards.

Run: ``make bench`` or ``.venv/bin/python bench/chat_load.py [--base-url URL] [--users 20,50]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.questions import load_questions  # noqa: E402
from huiqi.settings import get_settings  # noqa: E402

QUESTIONS = load_questions()
BENCH_ENV = {
    "HUIQI_CHAT_RATE_LIMIT": "1000000 per minute",
    "HUIQI_CHAT_IP_RATE_LIMIT": "1000000 per minute",
}


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def healthy(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=3).status_code == 200
    except requests.RequestException:
        return False


def start_service(base: str, timeout: float, log_path: Path) -> subprocess.Popen[bytes]:
    """Start scripts/run.sh (supervisord + the three processes) and wait until /healthz says ok."""
    env = {**os.environ, **BENCH_ENV}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"scripts/run.sh exited ({proc.returncode}); see {log_path}")
        if healthy(base):
            return proc
        time.sleep(1)
    stop_service(proc)
    raise SystemExit(f"the service was not healthy after {timeout:.0f} s; see {log_path}")


def stop_service(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C to the supervisor (as a person would), then make sure the group is gone."""
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def service_processes(ports: dict[str, int]) -> dict[str, list[psutil.Process]]:
    """The processes of each service: whoever listens on its port, climbed up to the topmost parent with
    the same command line (gunicorn's master above its workers), with all its children."""
    found: dict[str, list[psutil.Process]] = {name: [] for name in ports}
    by_port = {port: name for name, port in ports.items()}
    for conn in psutil.net_connections(kind="tcp"):
        listening = conn.status == psutil.CONN_LISTEN and conn.laddr and conn.pid
        if not listening or conn.laddr.port not in by_port:
            continue
        name = by_port[conn.laddr.port]
        try:
            root = psutil.Process(conn.pid)
            while (parent := root.parent()) is not None and parent.cmdline() == root.cmdline():
                root = parent
            for member in [root, *root.children(recursive=True)]:
                if member.pid not in {p.pid for p in found[name]}:
                    found[name].append(member)
        except psutil.NoSuchProcess:
            continue
    return found


def rss_mb(procs: dict[str, list[psutil.Process]]) -> dict[str, dict[str, Any]]:
    """RSS in MiB per service: total and per process."""
    out: dict[str, dict[str, Any]] = {}
    for name, members in procs.items():
        sizes = []
        for proc in members:
            try:
                sizes.append(proc.memory_info().rss / 2**20)
            except psutil.NoSuchProcess:
                continue
        out[name] = {"total_mb": round(sum(sizes), 1), "processes": [round(s, 1) for s in sizes]}
    return out


class PeakSampler(threading.Thread):
    """Samples RSS per service every half second; keeps the peak total of each."""

    def __init__(self, procs: dict[str, list[psutil.Process]]) -> None:
        super().__init__(daemon=True)
        self.procs = procs
        self.peak: dict[str, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for name, figures in rss_mb(self.procs).items():
                self.peak[name] = max(self.peak.get(name, 0.0), figures["total_mb"])
            self.done.wait(0.5)


def sequential(base: str, count: int) -> dict[str, Any]:
    """``count`` questions one after another (a new conversation every 4), timed one by one."""
    session = requests.Session()
    latencies, errors = [], 0
    sender = ""
    for i in range(count):
        if i % 4 == 0:
            sender = "web-" + uuid.uuid4().hex
        start = time.perf_counter()
        try:
            response = session.post(
                base + "/api/chat",
                json={"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]},
                timeout=30,
            )
            ok = response.status_code == 200 and bool(response.json().get("messages"))
        except requests.RequestException:
            ok = False
        latencies.append((time.perf_counter() - start) * 1000)
        errors += not ok
    return {
        "requests": count,
        "errors": errors,
        "p50_ms": round(percentile(latencies, 50)),
        "p95_ms": round(percentile(latencies, 95)),
        "max_ms": round(max(latencies)),
        "mean_ms": round(statistics.fmean(latencies)),
    }


def concurrent(base: str, users: int, run_time: str, workdir: Path) -> dict[str, Any]:
    """Run locust headless with ``users`` senders; read its aggregated CSV figures."""
    prefix = workdir / f"locust_{users}"
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "--run-time",
        run_time,
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    subprocess.run(command, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    return {
        "users": users,
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "throughput_rps": round(float(row["Requests/s"]), 1),
        "p50_ms": round(float(row["50%"])),
        "p95_ms": round(float(row["95%"])),
        "max_ms": round(float(row["Max Response Time"])),
    }


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=f"http://127.0.0.1:{settings.web_port}")
    parser.add_argument("--sequential", type=int, default=200, help="sequential questions")
    parser.add_argument("--users", default="20,50", help="concurrent senders, comma-separated")
    parser.add_argument("--run-time", default="60s", help="duration of each locust run")
    parser.add_argument("--start-timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    workdir = Path(tempfile.mkdtemp(prefix="huiqi-bench-"))
    service = None
    if not healthy(base):
        print(f"starting the service with scripts/run.sh (log: {workdir / 'run.log'}) …", flush=True)
        service = start_service(base, args.start_timeout, workdir / "run.log")
    try:
        ports = {
            "web": int(base.rsplit(":", 1)[1]),
            "rasa": int(settings.rasa_url.rsplit(":", 1)[1]),
            "actions": int(settings.action_server_url.rsplit(":", 1)[1]),
        }
        procs = service_processes(ports)
        sequential(base, 8)  # warm-up: first embeddings, connection pools
        figures: dict[str, Any] = {"memory_at_rest": rss_mb(procs)}
        print("sequential …", flush=True)
        figures["sequential"] = sequential(base, args.sequential)
        sampler = PeakSampler(procs)
        sampler.start()
        figures["concurrent"] = []
        for users in (int(u) for u in args.users.split(",") if u.strip()):
            print(f"{users} concurrent senders for {args.run_time} …", flush=True)
            figures["concurrent"].append(concurrent(base, users, args.run_time, workdir))
        sampler.done.set()
        sampler.join()
        figures["memory_peak_mb"] = {name: round(v, 1) for name, v in sampler.peak.items()}
    finally:
        if service is not None:
            stop_service(service)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def report(figures: dict[str, Any]) -> None:
    """Print the figures as the README quotes them."""
    seq = figures["sequential"]
    print(f"\n/api/chat, {os.cpu_count()} CPU cores, shipped corpus")
    print(
        f"sequential {seq['requests']}: p50 {seq['p50_ms']} ms, p95 {seq['p95_ms']} ms, "
        f"max {seq['max_ms']} ms, errors {seq['errors']}"
    )
    print("| senders | requests | throughput (req/s) | p50 (ms) | p95 (ms) | max (ms) | errors |")
    print("|---|---|---|---|---|---|---|")
    for run in figures["concurrent"]:
        print(
            f"| {run['users']} | {run['requests']} | {run['throughput_rps']} | {run['p50_ms']} | "
            f"{run['p95_ms']} | {run['max_ms']} | {run['errors']} |"
        )
    print("\n| process | RSS at rest (MiB) | peak under load (MiB) |")
    print("|---|---|---|")
    for name, rest in figures["memory_at_rest"].items():
        parts = " + ".join(f"{p:.0f}" for p in rest["processes"])
        print(f"| {name} | {rest['total_mb']} ({parts}) | {figures['memory_peak_mb'].get(name, '?')} |")


if __name__ == "__main__":
    main()
