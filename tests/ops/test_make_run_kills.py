"""Kill each process of the real ``make run`` (SIGKILL, as the OOM killer would) and time the way back.

``make run`` is started once for the module, exactly as the README says, on free ports, with its own
data dir and another district's zones file (tests/data/pingdu-zones.yaml, 平度市). For the action
server, the Rasa server, gunicorn's master and one web worker in turn: a firm first gets a confirmed
ticket through the chat; then the process is killed, and the chat is asked every second until it answers
with a cited clause again. Meanwhile the firm must always be offered a way to a person (the degraded
message with 平度市's hotline and window, and the ticket form), ``/healthz`` must go red and then green,
and supervisord must have restarted the process — nobody acts. Then: no confirmed ticket lost, an online
backup taken while the chat is busy restores every one of them, and Ctrl-C stops everything.

The recovery times are printed and written to test-artifacts/make-run-kills.json (README figures).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import psutil
import pytest
import requests

from connectors.voice.simulator import CallSimulator, HttpClient
from huiqi.settings import Settings
from huiqi.supervise import rpc
from tests.ops.dialogue import FIRM, escalate, web_say
from tests.ops.procs import BASE_ENV, ROOT, free_port
from tickets import TicketStore, ZoneDirectory

pytestmark = [pytest.mark.slow, pytest.mark.rasa]

PINGDU = ROOT / "tests" / "data" / "pingdu-zones.yaml"
PINGDU_HOTLINE = "0532-87361234"
PINGDU_FIRM = {**FIRM, "firm_name": "平度南村精工机械有限公司", "zone": "南村镇"}
QUESTION = "稳岗返还怎么申请？"
TWILIO_TOKEN = "kill-test-twilio-token"
CALLER = "+8613700001234"
#: What the issue asks: chat answers again within this many seconds of a kill, nobody acting — on a
#: machine whose cores are not already oversubscribed. On a shared CI host running more than one job per
#: core, the limit grows with the 1-minute load per core (printed with the figures): Rasa's restart is
#: CPU-bound (TensorFlow import, model load) and cannot beat a queue of other jobs.
RECOVERY_LIMIT_S = 60.0


def recovery_limit() -> float:
    """:data:`RECOVERY_LIMIT_S`, stretched by the load per core above 1."""
    return RECOVERY_LIMIT_S * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


START_TIMEOUT_S = 600.0
ARTIFACT = ROOT / "test-artifacts" / "make-run-kills.json"
FIGURES: dict[str, Any] = {}


@dataclass
class Stack:
    """The running ``make run`` and what the tests learned from it."""

    proc: subprocess.Popen[bytes]
    env: dict[str, str]
    base: str
    data_dir: Path
    log: Path
    ports: tuple[int, ...]
    confirmed: list[str] = field(default_factory=list)

    def settings(self) -> Settings:
        with mock.patch.dict(os.environ, self.env):
            return Settings.from_env()

    def pid(self, program: str) -> int:
        """The pid supervisord reports for ``program`` (0 while it is not running)."""
        with rpc(self.settings()) as server:
            return int(server.supervisor.getProcessInfo(program)["pid"])  # type: ignore[index]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_for_urls(stack: Stack) -> float:
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT_S:
        if "惠企通已启动" in stack.output():
            return time.monotonic() - started
        if stack.proc.poll() is not None:
            break
        time.sleep(2)
    raise AssertionError(f"make run did not print its URLs:\n{stack.output()[-4000:]}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("make-run")
    web, rasa, actions = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        **BASE_ENV,
        "PYTHONPATH": str(ROOT),
        "HUIQI_DATA_DIR": str(data_dir),
        "HUIQI_DATABASE_URL": "",
        "HUIQI_INDEX_DIR": str(ROOT / "var" / "index"),  # built by make test: no re-embedding here
        "HUIQI_ZONES_FILE": str(PINGDU),
        "HUIQI_HOTLINE_NUMBER": "",
        "HUIQI_WEB_BIND": "127.0.0.1",
        "HUIQI_WEB_PORT": str(web),
        "HUIQI_PUBLIC_URL": f"http://127.0.0.1:{web}",
        "HUIQI_RASA_PORT": str(rasa),
        "HUIQI_RASA_URL": f"http://127.0.0.1:{rasa}",
        "HUIQI_ACTION_SERVER_PORT": str(actions),
        "HUIQI_ACTION_SERVER_URL": f"http://127.0.0.1:{actions}",
        "HUIQI_START_TIMEOUT": str(int(START_TIMEOUT_S)),
        "HUIQI_CHAT_RATE_LIMIT": "100000 per minute",
        "HUIQI_CHAT_IP_RATE_LIMIT": "100000 per minute",
        "HUIQI_SECRET_KEY": "kill-test-secret",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "HUIQI_INDEX_BUILDER_RESIDENT": "0",  # not what these tests kill; saves loading an encoder
    }
    log = data_dir / "make-run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    stack = Stack(proc, env, f"http://127.0.0.1:{web}", data_dir, log, (web, rasa, actions))
    try:
        FIGURES["make run → URLs printed (s)"] = round(_wait_for_urls(stack), 1)
        yield stack
    finally:
        if proc.poll() is None:  # the Ctrl-C test did not run or failed: stop the whole session
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        for leftover in psutil.process_iter(["environ"]):  # supervisord's children have groups of their own
            try:
                if (leftover.info["environ"] or {}).get("HUIQI_DATA_DIR") == str(data_dir):
                    leftover.kill()
            except psutil.Error:
                pass
        ARTIFACT.parent.mkdir(exist_ok=True)
        ARTIFACT.write_text(json.dumps(FIGURES, ensure_ascii=False, indent=2), encoding="utf-8")
        print("\nmake run kill figures:", json.dumps(FIGURES, ensure_ascii=False, indent=2))


def ask(base: str) -> requests.Response | None:
    """One question through the chat, as a new firm; None when the web app does not answer at all."""
    try:
        return requests.post(
            base + "/api/chat", json={"sender": "web-" + uuid.uuid4().hex, "message": QUESTION}, timeout=20
        )
    except requests.RequestException:
        return None


def answered(response: requests.Response | None) -> bool:
    """The chat answered with a cited policy clause."""
    return (
        response is not None
        and response.status_code == 200
        and any(m.get("citations") for m in response.json()["messages"])
    )


def healthz(base: str) -> int | None:
    try:
        return requests.get(base + "/healthz", timeout=10).status_code
    except requests.RequestException:
        return None


def file_form_ticket(stack: Stack) -> str:
    """The way to a person while the bot is down: the chat page's form (POST /api/chat/ticket)."""
    fields = {key: PINGDU_FIRM[key] for key in ("firm_name", "contact_name", "phone", "zone", "question")}
    response = requests.post(stack.base + "/api/chat/ticket", json=fields, timeout=20)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]["number"]


@dataclass
class Outage:
    """What the firm saw between the kill and the first cited answer again."""

    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    degraded_texts: list[str] = field(default_factory=list)
    form_ticket: str | None = None
    health_red: bool = False


def sit_out(stack: Stack, killed_at: float, limit: float) -> Outage:
    """Ask every second until the chat answers with a citation again (bounded); what was seen meanwhile."""
    outage = Outage()
    while time.monotonic() - killed_at < limit + 60:
        response = ask(stack.base)
        if answered(response):
            outage.seconds = time.monotonic() - killed_at
            return outage
        if response is None:
            outage.outcomes["no answer"] += 1
        else:
            outage.outcomes[str(response.status_code)] += 1
            if response.status_code == 503:
                outage.degraded_texts.append(response.json()["messages"][0]["text"])
                if outage.form_ticket is None:
                    outage.form_ticket = file_form_ticket(stack)
                    stack.confirmed.append(outage.form_ticket)
        outage.health_red |= healthz(stack.base) == 503
        time.sleep(1)
    raise AssertionError(f"the chat did not answer again within {limit + 60:.0f} s: {outage}")


def leave_hotline_message(stack: Stack) -> str:
    """A call while Rasa is down, signed as Twilio signs it: key 2, then one spoken message; its ticket."""
    call = CallSimulator(HttpClient(stack.base), TWILIO_TOKEN, stack.base, CALLER)
    assert "平度市惠企通" in call.start().text
    assert "留言" in call.press("2").text  # the lawyer team: Rasa's form is down, so a message
    turn = call.say("我们在南村镇，平度南村精工机械有限公司，想问稳岗返还怎么申请")
    assert turn.status == 200 and "工单号" in turn.text, turn.xml
    store = TicketStore(f"sqlite:///{stack.data_dir / 'huiqi.db'}", ZoneDirectory.load(PINGDU))
    try:
        (ticket,) = store.for_sender(call.sender)
    finally:
        store.dispose()
    assert ticket.channel == "hotline" and ticket.team_id == "pd-2" and "稳岗返还" in ticket.question
    return ticket.number


def victim_pid(stack: Stack, victim: str) -> int:
    if victim == "web-worker":
        workers = psutil.Process(stack.pid("web")).children()
        assert workers, "gunicorn has no workers"
        return workers[0].pid
    return stack.pid({"web-master": "web"}.get(victim, victim))


def test_make_run_serves_the_other_district(stack: Stack) -> None:
    page = requests.get(stack.base + "/", timeout=20).text
    assert "<title>平度市惠企通 · 惠企政策咨询</title>" in page and "即墨" not in page
    assert healthz(stack.base) == 200
    assert answered(ask(stack.base))
    assert f"{stack.base}/console" in stack.output()  # make run printed the URLs


@pytest.mark.parametrize("victim", ["actions", "rasa", "web-master", "web-worker"])
def test_killed_process_comes_back_and_chat_answers_within_60_s(stack: Stack, victim: str) -> None:
    ticket, _ = escalate(web_say(stack.base, "web-" + uuid.uuid4().hex), firm=PINGDU_FIRM)
    stack.confirmed.append(ticket["number"])
    program = {"web-master": "web", "web-worker": "web"}.get(victim, victim)
    pid, program_pid = victim_pid(stack, victim), stack.pid(program)

    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    limit = recovery_limit()
    if victim == "rasa":  # the hotline still takes the caller's message as a ticket
        stack.confirmed.append(leave_hotline_message(stack))
    outage = sit_out(stack, killed_at, limit)
    green = time.monotonic()
    while healthz(stack.base) != 200 and time.monotonic() - green < 60:
        time.sleep(1)
    FIGURES[f"{victim} killed → chat answers again (s)"] = round(outage.seconds, 1)
    FIGURES[f"{victim} outage outcomes"] = dict(outage.outcomes)
    FIGURES[f"{victim} load average (1 min)"] = round(os.getloadavg()[0], 1)

    assert outage.seconds <= limit, f"{victim}: {outage.seconds:.0f} s (limit {limit:.0f} s at this load)"
    assert healthz(stack.base) == 200, "/healthz did not turn green again"
    if victim in ("actions", "rasa"):
        # while the bot is down: the district's degraded message and the form, and /healthz red
        assert outage.degraded_texts, outage
        assert all(
            "平度市惠企通" in text and PINGDU_HOTLINE in text and "留言" in text
            for text in outage.degraded_texts
        )
        assert outage.form_ticket and outage.health_red
        assert f"进程 {program} 意外退出" in stack.output()  # the watchdog reported it
    if victim != "web-worker":
        assert stack.pid(program) not in (0, program_pid), "supervisord did not restart the process"


def test_no_confirmed_ticket_was_lost(stack: Stack) -> None:
    assert len(stack.confirmed) >= 6
    store = TicketStore(f"sqlite:///{stack.data_dir / 'huiqi.db'}", ZoneDirectory.load(PINGDU))
    try:
        for number in stack.confirmed:
            ticket = store.get(number)
            assert ticket is not None, f"confirmed ticket {number} lost"
            assert ticket.zone == "南村镇" and ticket.team_id == "pd-2"
    finally:
        store.dispose()


def test_online_backup_while_chatting_restores_every_confirmed_ticket(stack: Stack, tmp_path: Path) -> None:
    stop = threading.Event()
    answers: list[bool] = []

    def chat() -> None:
        while not stop.is_set():
            answers.append(answered(ask(stack.base)))

    busy = threading.Thread(target=chat, daemon=True)
    busy.start()
    huiqi = [str(ROOT / ".venv" / "bin" / "huiqi")]
    started = time.monotonic()
    try:
        done = subprocess.run(
            [*huiqi, "backup", "--out", str(tmp_path / "backup")],
            env=stack.env,
            capture_output=True,
            text=True,
        )
    finally:
        backup_s = time.monotonic() - started
        stop.set()
        busy.join(30)
    assert done.returncode == 0, done.stderr
    fresh = {**stack.env, "HUIQI_DATA_DIR": str(tmp_path / "fresh")}
    started = time.monotonic()
    done = subprocess.run(
        [*huiqi, "restore", str(tmp_path / "backup")], env=fresh, capture_output=True, text=True
    )
    restore_s = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    FIGURES["huiqi backup while chatting (s)"] = round(backup_s, 2)
    FIGURES["huiqi restore into a fresh data dir (s)"] = round(restore_s, 2)
    assert answers and all(answers), "the chat stopped answering during the backup"

    store = TicketStore(f"sqlite:///{tmp_path / 'fresh' / 'huiqi.db'}", ZoneDirectory.load(PINGDU))
    try:
        assert all(store.get(number) is not None for number in stack.confirmed)
    finally:
        store.dispose()
    assert (tmp_path / "fresh" / "rasa-tracker.db").stat().st_size > 0  # the conversations came too


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_stops_everything(stack: Stack) -> None:
    started = time.monotonic()
    os.killpg(stack.proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends to the foreground group
    stack.proc.wait(60)
    while any(_port_open(port) for port in stack.ports) and time.monotonic() - started < 60:
        time.sleep(0.5)
    FIGURES["Ctrl-C → every port closed (s)"] = round(time.monotonic() - started, 1)
    assert not any(_port_open(port) for port in stack.ports), "a process outlived Ctrl-C"
