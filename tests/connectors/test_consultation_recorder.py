"""The consultation recorder: every answer RasaClient relays lands in the register, written by a
background thread (the firm's answer never waits for the database), retried when the database fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from connectors.consultation_recorder import ConsultationRecorder
from connectors.rasa_client import RasaClient
from tests.rasa_standin import Item, RasaStandIn, serve
from tickets import TicketStore, ZoneDirectory

ROOT = Path(__file__).resolve().parents[2]
ANSWER = [
    {"text": "稳岗返还按上年度失业保险费的 60% 返还。"},
    {"custom": {"citations": [{"policy_id": "JM-2023-014", "clause": "第三条"}], "action": "answer"}},
]
NO_MATCH = [{"text": "没有找到对应的政策。"}, {"custom": {"citations": [], "action": "no_match"}}]


class _Replies(RasaStandIn):
    """A cited answer; a no-match for anything about 火星; a plain reply to 算了."""

    def items(self, body: dict[str, str]) -> list[Item]:
        if "算了" in body["message"]:
            return [{"text": "好的，有需要随时找我。"}]
        return NO_MATCH if "火星" in body["message"] else ANSWER


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TicketStore]:
    s = TicketStore(f"sqlite:///{tmp_path / 'huiqi.db'}", ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    yield s
    s.dispose()


def test_every_relayed_answer_is_registered(store: TicketStore) -> None:
    recorder = ConsultationRecorder(lambda: store.register)
    with serve(_Replies) as (url, _handler), RasaClient(url, on_exchange=recorder.observe) as client:
        client.send("web-1", "稳岗返还怎么申请")
        client.send("tel-CA9", "火星上开厂有补贴吗")
        client.send("tel-CA9", "那算了")
    assert recorder.flush(60.0)
    web, call = store.register.get("web-1"), store.register.get("tel-CA9")
    assert web is not None and web["outcome"] == "answered" and web["policy_ids"] == ["JM-2023-014"]
    assert call is not None and call["channel"] == "hotline" and call["outcome"] == "no_match"
    assert call["messages"] == 2 and call["no_match_question"] == "火星上开厂有补贴吗"
    assert recorder.written == 3 and recorder.dropped == 0


def test_a_failing_hook_never_breaks_the_answer() -> None:
    def broken(*_args: Any) -> None:
        raise RuntimeError("register down")

    with serve(_Replies) as (url, _handler), RasaClient(url, on_exchange=broken) as client:
        assert client.send("web-2", "稳岗返还")[0].action == "answer"


class _Flaky:
    """A register whose first ``failures`` writes raise (a database that is briefly away)."""

    calls: ClassVar[int] = 0

    def __init__(self, store: TicketStore, failures: int) -> None:
        self.store, self.failures = store, failures

    def record(self, batch: list[Any]) -> int:
        _Flaky.calls += 1
        if _Flaky.calls <= self.failures:
            raise ConnectionError("database restarting")
        return self.store.register.record(batch)


def test_a_briefly_failing_database_is_retried(store: TicketStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("connectors.consultation_recorder._RETRY_PAUSE_S", 0.01)
    _Flaky.calls = 0
    recorder = ConsultationRecorder(lambda: _Flaky(store, failures=1))  # type: ignore[arg-type,return-value]
    with serve(_Replies) as (url, _handler), RasaClient(url, on_exchange=recorder.observe) as client:
        client.send("web-3", "稳岗返还")
    assert recorder.flush(60.0)
    assert store.register.get("web-3") is not None and recorder.dropped == 0

    _Flaky.calls = -100  # fails every attempt: given up and counted, the thread keeps serving
    with serve(_Replies) as (url, _handler), RasaClient(url, on_exchange=recorder.observe) as client:
        client.send("web-4", "稳岗返还")
    assert recorder.flush(60.0)
    assert store.register.get("web-4") is None and recorder.dropped == 1
