"""Cold start of Huiqi Desk: how long until every process is healthy, with everything built and from
nothing.

* ``warm`` (default): with the environments, the embedding model, the index and the Rasa model built,
  time the build steps ``make run`` re-checks (``policy-index build`` with nothing changed,
  scripts/train-rasa.sh's hash check) and then scripts/run.sh — supervisord starting the three
  processes — until ``huiqi.ready`` prints the URLs; then, after ``--settle`` seconds at rest, the
  memory of every process (RSS per program with its children, and the PSS sum, which counts pages shared
  between gunicorn's workers once); then Ctrl-C and the time to stop. ``--make`` times ``make run``
  itself instead (it also re-checks the installation).
* ``--from-nothing``: the steps a fresh clone adds, each measured here into a temporary folder (nothing
  already built is touched): building the embedding model from the packaged weights, embedding the whole
  corpus, training the Rasa model; the two environments' installation time is read from their
  timestamps (venv created → ``.installed`` stamp), as a clean reinstall needs the package registry.
  The from-nothing figure is the sum of those measured parts and the warm start (an estimate by
  addition, not one run of ``make run`` on an empty clone).

Run: ``.venv/bin/python bench/cold_start.py [--make] [--from-nothing]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY_LINE = "惠企通已启动"
ENV = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONUNBUFFERED": "1",
}


def timed(command: list[str], cwd: Path = ROOT) -> float:
    """Run ``command`` to completion; its wall-clock seconds (raises on failure)."""
    start = time.monotonic()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.monotonic() - start


def memory_at_rest() -> dict[str, float]:
    """MiB of each supervised program (RSS with its children), supervisord + watchdog, and the PSS total."""
    import psutil

    from huiqi.settings import get_settings
    from huiqi.supervise import rpc

    settings = get_settings()
    with rpc(settings) as server:
        infos = server.supervisor.getAllProcessInfo()
    supervisord = int((settings.data_dir / "supervisord.pid").read_text().strip())
    groups = {info["name"]: [psutil.Process(info["pid"])] for info in infos if info["pid"]}  # type: ignore[index]
    groups["supervisord"] = [psutil.Process(supervisord)]
    figures: dict[str, float] = {}
    pss_total = 0.0
    for name, roots in groups.items():
        procs = [
            p
            for root in roots
            for p in (root, *(root.children(recursive=True) if name != "supervisord" else ()))
        ]
        figures[f"RSS {name} (MiB)"] = sum(p.memory_info().rss for p in procs) / 2**20
        pss_total += sum(p.memory_full_info().pss for p in procs) / 2**20
    figures["RSS all processes (MiB)"] = sum(v for k, v in figures.items() if k.startswith("RSS "))
    figures["PSS all processes (MiB)"] = pss_total
    return figures


def start_until_ready(
    command: list[str], timeout: float, settle: float = 0.0
) -> tuple[float, float, dict[str, float]]:
    """Start the supervisor, wait for the ready banner, measure memory after ``settle`` s at rest, press
    Ctrl-C; (seconds to ready, seconds to stop, memory figures)."""
    start = time.monotonic()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    assert proc.stdout is not None
    ready = None
    try:
        for line in proc.stdout:
            if READY_LINE in line:
                ready = time.monotonic() - start
                break
            if time.monotonic() - start > timeout:
                break
        if ready is None:
            raise SystemExit(f"not ready within {timeout:.0f} s (exit code {proc.poll()})")
        time.sleep(settle)
        memory = memory_at_rest()
    finally:
        stop_start = time.monotonic()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return ready, time.monotonic() - stop_start, memory


def warm(use_make: bool, timeout: float, settle: float) -> dict[str, float]:
    """Figures of a start with everything built."""
    if use_make:
        ready, stop, memory = start_until_ready(["make", "run"], timeout, settle)
        return {"make run → ready": ready, "Ctrl-C → all stopped": stop, **memory}
    figures = {
        "index up-to-date check (policy-index build, nothing changed)": timed(
            [str(ROOT / ".venv/bin/policy-index"), "build", "--quiet"]
        ),
        "Rasa model up-to-date check (scripts/train-rasa.sh)": timed(["bash", "scripts/train-rasa.sh"]),
    }
    ready, stop, memory = start_until_ready(["bash", "scripts/run.sh"], timeout, settle)
    figures["scripts/run.sh → all three processes healthy"] = ready
    figures["Ctrl-C → all stopped"] = stop
    return {**figures, **memory}


def install_seconds(venv: Path) -> float | None:
    """Seconds from a venv's creation (pyvenv.cfg) to its ``.installed`` stamp, if both exist."""
    cfg, stamp = venv / "pyvenv.cfg", venv / ".installed"
    if not (cfg.exists() and stamp.exists()):
        return None
    return stamp.stat().st_mtime - cfg.stat().st_mtime


def from_nothing() -> dict[str, float | None]:
    """Each build step a fresh clone adds, measured into a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="huiqi-cold-"))
    model = tmp / "model"
    figures: dict[str, float | None] = {
        "install .venv (from its timestamps)": install_seconds(ROOT / ".venv"),
        "install .venv-rasa (from its timestamps)": install_seconds(ROOT / ".venv-rasa"),
    }
    figures["embedding model from packaged weights"] = timed(
        [str(ROOT / ".venv/bin/policy-index"), "prepare-model", "--out", str(model)]
    )
    figures["index from nothing (embed the whole corpus)"] = timed(
        [
            str(ROOT / ".venv/bin/policy-index"),
            "build",
            "--quiet",
            "--model",
            str(model),
            "--out",
            str(tmp / "index"),
        ]
    )
    figures["Rasa model from nothing (rasa train)"] = timed(
        [str(ROOT / ".venv-rasa/bin/rasa"), "train", "--domain", "domain.yml", "--data", "data", "--config",
         "config.yml", "--out", str(tmp / "rasa"), "--num-threads", "2"],
        cwd=ROOT / "bot",
    )  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--make", action="store_true", help="time `make run` itself for the warm start")
    parser.add_argument("--from-nothing", action="store_true", help="also measure the build steps")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--settle", type=float, default=20, help="seconds at rest before measuring memory")
    args = parser.parse_args()

    figures: dict[str, float | None] = dict(warm(args.make, args.timeout, args.settle))
    memory = {k: figures.pop(k) for k in list(figures) if "(MiB)" in k}
    warm_total = sum(v for k, v in figures.items() if v is not None and not k.startswith("Ctrl-C"))
    print(f"\nCold start, everything built (load average {os.getloadavg()[0]:.1f}):")
    for name, seconds in figures.items():
        print(f"  {name:<70} {seconds:7.1f} s")
    print(f"  {'total until ready':<70} {warm_total:7.1f} s")
    print(f"\nMemory after {args.settle:.0f} s at rest [all processes ≤ 3 GB]:")
    for name, mib in memory.items():
        print(f"  {name:<70} {mib:7.0f} MiB")
    if args.from_nothing:
        parts = from_nothing()
        print("\nFrom nothing (each part measured here, summed):")
        for name, seconds in parts.items():
            print(f"  {name:<70} {'n/a' if seconds is None else f'{seconds:7.1f} s'}")
        total = warm_total + sum(v for v in parts.values() if v is not None)
        print(f"  {'estimated total, fresh clone → ready':<70} {total:7.1f} s")


if __name__ == "__main__":
    main()
