"""The console's overview page (GET /console/overview) and its CSV: sign-in, team isolation, the
period filter, every zone for the office, the policy ranking, escaping and hidden phone numbers."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from tickets import TicketStore, ZoneDirectory

from .conftest import OFFICE, TEAM1_LAWYER, login, make_ticket

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def figure(page: str, label: str) -> int:
    """The number shown in the overview's figure box called ``label``."""
    match = re.search(rf'<span class="label">{label}</span><strong>(\d+)</strong>', page)
    assert match, f"no figure {label}"
    return int(match.group(1))


def csv_rows(client: FlaskClient, query: str = "") -> list[list[str]]:
    response = client.get(f"/console/overview.csv{query}")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def cite(pid: str, title: str) -> list[dict[str, str]]:
    return [{"policy_id": pid, "title": title, "clause": "第三条", "text": "……"}]


def test_overview_needs_login(client: FlaskClient) -> None:
    for path in ("/console/overview", "/console/overview.csv?period=all"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/console/login")


def test_overview_is_in_the_console_navigation(client: FlaskClient) -> None:
    login(client, TEAM1_LAWYER)
    assert 'href="/console/overview"' in client.get("/console/").get_data(as_text=True)
    page = client.get("/console/overview").get_data(as_text=True)
    assert re.search(r'href="/console/overview" aria-current="page">概览</a>', page)


def test_office_sees_every_zone_including_silent_ones(
    client: FlaskClient, store: TicketStore, zones: ZoneDirectory
) -> None:
    make_ticket(store, zone="环秀街道")
    make_ticket(store, zone="龙山街道", category="维权投诉", channel="hotline")
    login(client, OFFICE)
    page = client.get("/console/overview").get_data(as_text=True)
    assert figure(page, "本期工单") == 2
    for zone in zones.zones:
        assert re.search(rf'<th scope="row">{zone}</th>', page), zone
    rows = csv_rows(client)
    assert rows[0] == ["区位", "负责团队", "政策咨询", "政策适用", "维权投诉", "法律体检预约", "其他", "合计"]
    body = {r[0]: r for r in rows[1:-1]}
    assert list(body) == list(zones.zones)  # all 22, in the zones file's order
    assert body["龙山街道"] == ["龙山街道", "team-2", "0", "0", "1", "0", "0", "1"]
    assert body["田横镇"][-1] == "0"
    assert rows[-1] == ["合计", "", "1", "0", "1", "0", "0", "2"]


def test_team_lawyer_sees_only_the_team_whatever_the_parameters(
    client: FlaskClient, store: TicketStore, zones: ZoneDirectory
) -> None:
    make_ticket(store, zone="环秀街道", citations=cite("jm-own", "本团队引用的政策"))
    make_ticket(store, zone="龙山街道", citations=cite("jm-other", "其他团队引用的政策"))
    make_ticket(store, zone="龙山街道", citations=[], question="其他团队的问题：厂房租金补贴")
    login(client, TEAM1_LAWYER)
    team = zones.team("team-1")
    for query in ("", "?period=all&zone=龙山街道&team=team-2&team_id=team-2", "?login=office&role=office"):
        page = client.get(f"/console/overview{query}").get_data(as_text=True)
        assert figure(page, "本期工单") == 1
        assert "本团队引用的政策" in page
        assert "其他团队引用的政策" not in page and "厂房租金补贴" not in page
        assert "龙山街道" not in page
        rows = csv_rows(client, query)
        assert [r[0] for r in rows[1:-1]] == list(team.zones)
        assert rows[-1][-1] == "1"


def test_period_filter_and_bad_values_fall_back_to_30_days(
    client: FlaskClient, store: TicketStore, zones: ZoneDirectory
) -> None:
    earlier = datetime.now(UTC) - timedelta(days=40)
    old_store = TicketStore(str(store.engine.url), zones=zones, clock=lambda: earlier)
    make_ticket(old_store)
    old_store.dispose()
    make_ticket(store)
    login(client, OFFICE)
    totals = {
        p: figure(client.get(f"/console/overview?period={p}").get_data(as_text=True), "本期工单")
        for p in ("7", "30", "90", "all")
    }
    assert totals == {"7": 1, "30": 1, "90": 2, "all": 2}
    assert csv_rows(client, "?period=90")[-1][-1] == "2"
    for bad in ("abc", "365", "", "%00", "<script>"):
        response = client.get(f"/console/overview?period={bad}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert figure(page, "本期工单") == 1
        assert re.search(r'aria-current="page">最近 30 天</a>', page)
        assert csv_rows(client, f"?period={bad}")[-1][-1] == "1"


def test_most_cited_policies_are_ranked(client: FlaskClient, store: TicketStore) -> None:
    for pid, title, times in (
        ("jm-2024-007", "即墨区稳岗返还实施细则", 1),
        ("jm-2025-001", "即墨区技术改造专项资金管理办法", 3),
        ("jm-2023-014", "即墨区高新技术企业奖励措施", 2),
    ):
        for _ in range(times):
            make_ticket(store, citations=cite(pid, title))
    login(client, OFFICE)
    page = client.get("/console/overview").get_data(as_text=True)
    section = page[page.index("引用最多的政策") :]
    positions = [section.index(t) for t in ("技术改造专项资金", "高新技术企业奖励", "稳岗返还实施细则")]
    assert positions == sorted(positions)
    assert re.search(r"jm-2025-001</span> 即墨区技术改造专项资金管理办法</span>.*?3 件", section, re.S)


def test_uncited_questions_are_escaped_and_phone_numbers_never_shown(
    client: FlaskClient, store: TicketStore
) -> None:
    make_ticket(
        store,
        citations=[],
        phone="13800000777",
        question=f"{XSS} 出口信保有补贴吗？请回电 13912345678",
    )
    login(client, TEAM1_LAWYER)
    response = client.get("/console/overview")
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page and "出口信保有补贴吗" in page
    for digits in ("13912345678", "139 1234 5678", "13800000777", "138 0000 0777"):
        assert digits not in page
    assert re.search(r"本期共 <strong>1</strong> 件", page)
    # the bars need no inline style: the CSP forbids it
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "style=" not in page and "<script" not in page
