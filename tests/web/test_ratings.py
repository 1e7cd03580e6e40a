"""好差评 on the web: one tap under an answer (``POST /api/chat/rating``) and the rating page the closing
SMS links to, where 不满意 reopens the ticket for the team."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from flask import Flask
from flask.testing import FlaskClient

from tickets import TicketStore
from tickets.consultations import Exchange

from .conftest import TEAM1_LAWYER, ZONES_FILE, csrf_token, login, make_ticket
from .live import ROOT, LiveServer

SENDER = "web-" + "b" * 32
LINK_RE = re.compile(r"https?://\S+/rate/(\S+)")


def _answered(store: TicketStore, sender: str = SENDER) -> None:
    store.register.record([Exchange(sender, datetime.now(UTC), "稳岗返还怎么申请？", ("answer",), ("wg",))])


def test_one_tap_rates_the_answers_of_a_conversation(client: FlaskClient, store: TicketStore) -> None:
    _answered(store)
    response = client.post("/api/chat/rating", json={"sender": SENDER, "score": "satisfied"})
    assert response.status_code == 201 and response.get_json()["text"] == "感谢您的评价！"
    response = client.post("/api/chat/rating", json={"sender": SENDER, "score": "dissatisfied"})
    body = response.get_json()
    assert response.status_code == 201 and body["offer_lawyer"] is True and "找律师" in body["text"]
    assert [r.score for r in store.register.ratings(conversation_id=SENDER)] == ["dissatisfied"]

    assert client.post("/api/chat/rating", json={"sender": SENDER, "score": "meh"}).status_code == 400
    assert client.post("/api/chat/rating", json={"sender": "<b>", "score": "satisfied"}).status_code == 400
    binary = client.post("/api/chat/rating", data=b"\xff\xfe", content_type="application/json")
    assert binary.status_code == 400


def test_closing_sms_links_to_a_rating_page_and_unhappy_reopens(
    app: Flask, client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store)
    store.reply(ticket.number, TEAM1_LAWYER, "可以申请，请准备以下材料……")
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    client.post(f"/console/tickets/{ticket.number}/close", data={"csrf_token": token})
    client.post("/console/logout", data={"csrf_token": token})
    outbox = Path(app.config["DATA_DIR"]) / "outbox.jsonl"
    closing = json.loads(outbox.read_text(encoding="utf-8").splitlines()[-1])
    assert "已办结" in closing["body"] and ticket.number in closing["body"]
    link = LINK_RE.search(closing["body"])
    assert link, closing["body"]

    page = client.get(f"/rate/{link.group(1)}")
    assert page.status_code == 200 and ticket.number in page.get_data(as_text=True)
    assert "基本满意" in page.get_data(as_text=True)
    done = client.post(f"/rate/{link.group(1)}", data={"score": "dissatisfied", "comment": "没有解决问题"})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "工单已重新打开" in text
    assert store.get(ticket.number).status == "reopened"  # type: ignore[union-attr]
    rating = store.register.ratings(ticket_number=ticket.number)[0]
    assert (rating.score, rating.lawyer_login, rating.channel) == ("dissatisfied", TEAM1_LAWYER, "sms")

    assert client.get(f"/rate/{link.group(1)}x").status_code == 404
    assert client.post(f"/rate/{link.group(1)}", data={"score": "?"}).status_code == 400


def test_a_rating_that_reaches_another_worker_first_waits_for_the_answer_and_is_kept(
    app: Flask, store: TicketStore
) -> None:
    """Two processes on one ticket database, as two gunicorn workers: this one serves the tap over real
    HTTP before the one that answered has written the conversation; the rating is not lost."""
    server = LiveServer(app)
    try:
        tap = requests.post(
            f"{server.url}/api/chat/rating", json={"sender": SENDER, "score": "dissatisfied"}, timeout=10
        )
    finally:
        server.stop()
    assert tap.status_code == 202 and tap.json()["offer_lawyer"] is True  # the firm is answered as usual
    assert store.register.ratings(conversation_id=SENDER) == []
    # the worker that answered writes the exchange from its recorder queue, a moment later
    script = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from connectors.consultation_recorder import ConsultationRecorder\n"
        "from tickets import TicketStore, ZoneDirectory\n"
        "from tickets.consultations import Exchange\n"
        "store = TicketStore(sys.argv[1], ZoneDirectory.load(sys.argv[2]))\n"
        "recorder = ConsultationRecorder(lambda: store.register)\n"
        "asked = Exchange(sys.argv[3], datetime.now(UTC), '稳岗返还怎么申请？', ('answer',), ('wg',))\n"
        "recorder.submit(asked)\n"
        "assert recorder.flush() and recorder.written == 1\n"
    )
    worker = subprocess.run(
        [sys.executable, "-c", script, app.config["DATABASE_URL"], str(ZONES_FILE), SENDER],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    [rating] = store.register.ratings(conversation_id=SENDER)
    assert rating.score == "dissatisfied" and rating.channel == "web"
    today = datetime.now(UTC).date()
    assert (
        store.register.report(today - timedelta(days=1), today + timedelta(days=1))["satisfaction"][
            "dissatisfied"
        ]
        == 1
    )
