"""The chat page keeps the visible conversation across a reload (headless Chromium over real HTTP).

The bot is ``StandInRasa`` (tests/web/live.py): a fixed answer with two citation cards, and a ticket
for "找律师". The ticket database and the lawyers' replies are the real ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from connectors.web.services import get_store
from tickets import ZoneDirectory

from . import test_browser_ui
from .conftest import ZONES_FILE, make_ticket
from .live import XSS_TEXT, StandInRasa, chromium_available
from .test_browser_ui import phone_page

serve = test_browser_ui.serve  # the live app of the UI tests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not chromium_available(), reason="Debian's chromium is not installed (make system-deps)"
    ),
]

QUESTION = "稳岗返还怎么申请？"
#: The chat page's welcome names the district of the zones file the web tests run with.
WELCOME = f"您好！我是{ZoneDirectory.load(ZONES_FILE).district.service_name}智能助手"
STAND_IN_TICKET = "HQ-20261129-0007"


@pytest.fixture
def rasa() -> Iterator[StandInRasa]:
    stand_in = StandInRasa()
    yield stand_in
    stand_in.stop()


def open_chat(browser: Browser, serve: Any, rasa: StandInRasa) -> tuple[Page, Any]:
    server, app = serve(RASA_URL=rasa.url, ACTION_SERVER_URL=rasa.url)
    page = phone_page(browser)
    page.goto(server.url + "/")
    return page, app


def ask(page: Page, text: str) -> None:
    before = page.locator(".row.bot").count()
    page.fill("#input", text)
    page.keyboard.press("Enter")
    expect(page.locator(".row.bot:not(.typing)")).to_have_count(before + 1)


def assert_clean(page: Page) -> None:
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.evaluate("window.__csp") == []
    assert page.evaluate("window.__pwned") is None


def test_reload_shows_the_conversation_once(browser: Browser, serve: Any, rasa: StandInRasa) -> None:
    page, app = open_chat(browser, serve, rasa)
    sender = page.evaluate("localStorage.getItem('huiqi.sender')")
    ask(page, QUESTION)
    expect(page.locator(".cite")).to_have_count(2)
    page.get_by_role("button", name="找律师 / 转人工").click()
    expect(page.locator(".ticket-card .ticket-number")).to_have_text(STAND_IN_TICKET)

    with app.app_context():  # meanwhile a lawyer answers a ticket this browser filed earlier
        store = get_store()
        ticket = make_ticket(store, sender_id=sender)
        store.reply(ticket.number, "zhangmingyuan", "您好，稳岗返还申请材料清单已短信发送。")
    sent = len(rasa.received)

    for _ in range(2):  # the first reload brings the lawyer's reply, the second must not repeat it
        page.reload()
        log = page.locator("#log")
        expect(log.locator(".row.lawyer")).to_have_count(1)
        expect(log.locator(".row.lawyer")).to_contain_text("材料清单已短信发送")
        expect(log.locator(".row.me")).to_have_count(2)
        expect(log.locator(".row.me").first).to_have_text(QUESTION)
        expect(log.locator(".row.me").last).to_have_text("找律师 / 转人工")
        expect(log.locator(".cite")).to_have_count(2)
        expect(log.locator(".cite-title").first).to_have_text("关于做好失业保险稳岗返还工作的通知")
        expect(log.locator(".cite .badge")).to_have_text("已失效")  # the expired clause is still marked
        expect(log.locator(".ticket-card .ticket-number")).to_have_text(STAND_IN_TICKET)
        expect(log.locator(".bot-chip", has_text="找律师")).to_have_count(1)
        expect(log.get_by_text(WELCOME)).to_have_count(1)

    card = page.locator(".cite").first  # a restored card still opens
    card.locator(".cite-head").click()
    expect(card.locator(".cite-body")).to_contain_text("60%返还")
    assert len(rasa.received) == sent  # nothing was sent to the bot again
    assert_clean(page)


def test_new_conversation_clears_the_page_but_keeps_the_tickets(
    browser: Browser,
    serve: Any,
    rasa: StandInRasa,
) -> None:
    page, app = open_chat(browser, serve, rasa)
    first = page.evaluate("localStorage.getItem('huiqi.sender')")
    ask(page, QUESTION)
    expect(page.locator(".cite")).to_have_count(2)
    with app.app_context():
        ticket = make_ticket(get_store(), sender_id=first)

    page.get_by_role("button", name="新对话").click()
    expect(page.locator(".row.me")).to_have_count(0)
    expect(page.locator(".cite")).to_have_count(0)
    expect(page.locator("#log")).to_contain_text("已开始新对话")
    expect(page.get_by_text(WELCOME)).to_have_count(1)
    second = page.evaluate("localStorage.getItem('huiqi.sender')")
    assert second != first and second.startswith("web-")

    page.reload()
    expect(page.get_by_text(WELCOME)).to_be_visible()
    expect(page.locator(".row.me")).to_have_count(0)
    page.get_by_role("button", name="我的工单").click()  # the earlier conversation's ticket is still listed
    expect(page.locator("#my-tickets .my-ticket")).to_have_count(1)
    expect(page.locator("#my-tickets")).to_contain_text(ticket.number)
    page.locator("#tickets-dialog .dialog-close button").click()

    ask(page, QUESTION)
    assert rasa.received[-1]["sender"] == second
    assert_clean(page)


def test_damaged_stored_conversation_is_ignored(browser: Browser, serve: Any, rasa: StandInRasa) -> None:
    page, _ = open_chat(browser, serve, rasa)
    sender = page.evaluate("localStorage.getItem('huiqi.sender')")
    other = "web-" + "e" * 32
    tampered = {
        "v": 1,
        "sender": sender,
        "items": [
            {"k": "bot", "m": {"text": XSS_TEXT, "citations": [{"title": XSS_TEXT}, 5], "buttons": "x"}},
            {"k": "bot", "m": {"text": "工单？", "ticket": {"number": 7}}},
            42,
            None,
            {"k": "me"},
            {"k": "script", "text": "alert(1)"},
            {"k": "me", "text": "<b>不是粗体</b>"},
        ],
    }
    broken = {
        "not json": '{"v": 1, "items": [',
        "oversized": json.dumps({"v": 1, "sender": sender, "items": [{"k": "me", "text": "长" * 400_000}]}),
        "another conversation": json.dumps(
            {"v": 1, "sender": other, "items": [{"k": "me", "text": "别人的"}]}
        ),
        "not a list": json.dumps({"v": 1, "sender": sender, "items": "oops"}),
    }
    for case, value in broken.items():
        page.evaluate("v => localStorage.setItem('huiqi.transcript', v)", value)
        page.reload()
        expect(page.get_by_text(WELCOME), case).to_be_visible()
        expect(page.locator(".row.me"), case).to_have_count(0)
        assert page.evaluate("localStorage.getItem('huiqi.transcript')") is None, case  # cleaned up

    page.evaluate("v => localStorage.setItem('huiqi.transcript', v)", json.dumps(tampered))
    page.reload()
    log = page.locator("#log")
    expect(log.locator(".row.me")).to_have_count(1)
    expect(log.locator(".row.me")).to_have_text("<b>不是粗体</b>")  # stored text stays text
    expect(log.locator(".row.bot").nth(1)).to_contain_text("<script>window.__pwned=2</script>")
    expect(log.locator(".cite")).to_have_count(1)
    expect(log.locator(".ticket-card")).to_have_count(0)  # a ticket without a number is dropped
    assert log.locator("img[src='x']").count() == 0 and log.locator("script, b").count() == 0

    ask(page, QUESTION)  # the page still works
    expect(page.locator(".cite")).to_have_count(3)
    assert_clean(page)
