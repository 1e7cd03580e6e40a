"""Overdue warnings with a frozen clock: a ticket due within the window is warned once per due time,
to its team's lawyers and the office, through the recording notifier; a failed SMS is tried again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from connectors.notify import RecordingNotifier
from connectors.notify.overdue import send_warnings
from huiqi.settings import Settings
from tests.tickets.conftest import Clock, new_ticket
from tickets import TicketStore


class FailingNotifier:
    def send_sms(self, to: str, body: str) -> str:
        raise RuntimeError("SMS gateway down")


def test_tickets_due_soon_are_warned_once_to_the_team_and_the_office(
    store: TicketStore, clock: Clock, tmp_path: Path
) -> None:
    settings = replace(Settings.from_env(), office_alert_phone="+8613900000009")
    urgent = store.create(new_ticket(category="维权投诉"))  # team-4, due in 24 h
    store.create(new_ticket(category="政策适用"))  # due in 72 h: not yet
    outbox = tmp_path / "outbox.jsonl"
    notifier = RecordingNotifier(outbox)

    assert send_warnings(store, notifier, settings, hours=4) == []  # 24 h ahead: too early
    clock.advance(21)
    assert send_warnings(store, FailingNotifier(), settings, hours=4)[0]["sent"] == 0
    sent = send_warnings(store, notifier, settings, hours=4)
    team = store.zones.team("team-4")
    assert [(s["team"], s["numbers"]) for s in sent] == [("team-4", [urgent.number]), (None, [urgent.number])]
    lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    phones = [line["to"] for line in lines]
    expected = [team.duty_phone] if team.duty_phone else [law.phone for law in team.lawyers]
    assert phones[:-1] == expected and phones[-1] == "+8613900000009"
    assert "超期预警" in lines[0]["body"] and urgent.number in lines[0]["body"]

    clock.advance(1)
    assert send_warnings(store, notifier, settings, hours=4) == []  # warned once for this due time
    assert store.get(urgent.number).history[-1].action == "warned"
    clock.advance(3)  # now overdue: no longer "due soon"
    assert send_warnings(store, notifier, settings, hours=4) == []


def test_the_periodic_check_warns_each_audience_once_even_when_one_failed(
    store: TicketStore, clock: Clock, tmp_path: Path
) -> None:
    """The supervised loop of `make run` runs every few minutes: a message that went out is never sent
    again, one that failed (here the office's) is tried again on the next run, alone."""
    settings = replace(Settings.from_env(), office_alert_phone="+8613900000009")
    urgent = store.create(new_ticket(category="维权投诉"))
    clock.advance(21)

    class OfficeDown(RecordingNotifier):
        def send_sms(self, to: str, body: str) -> str:
            if to == settings.office_alert_phone:
                raise RuntimeError("SMS gateway refused the office's number")
            return super().send_sms(to, body)

    outbox = tmp_path / "outbox.jsonl"
    first = send_warnings(store, OfficeDown(outbox), settings, hours=4)
    assert [(s["team"], s["sent"] > 0) for s in first] == [("team-4", True), (None, False)]
    second = send_warnings(store, RecordingNotifier(outbox), settings, hours=4)
    assert [(s["team"], s["numbers"]) for s in second] == [(None, [urgent.number])]  # the office only
    for _ in range(3):
        assert send_warnings(store, RecordingNotifier(outbox), settings, hours=4) == []
    bodies = [json.loads(line)["to"] for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert bodies.count("+8613900000009") == 1 and len(bodies) == len(set(bodies))
