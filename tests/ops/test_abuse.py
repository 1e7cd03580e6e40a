"""Abuse against the real gunicorn process, for what the owners' Flask-level tests (tests/web,
tests/voice, tests/tickets) do not already cover: oversized, chunked, binary and invalid-UTF-8 bodies on
every POST route; script and SQL injection in every remaining field and filter; forged Twilio requests;
CSRF on every console form, including a token from another session; brute-force sign-in throttled
across gunicorn workers (per worker in memory, exactly with Redis) and across addresses.
(Another team's ticket ids → 404 is tests/web/test_console.py::test_another_teams_ticket_is_404_everywhere.)
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.ops.conftest import web_env
from tests.ops.procs import ROOT, Proc, free_port, web_proc
from tests.web.conftest import PASSWORD, TEAM1_LAWYER, TEAM2_LAWYER
from tickets import TicketStore, ZoneDirectory

pytestmark = pytest.mark.slow

TOKEN = "ops-twilio-token-0123456789abcdef"
PUBLIC = "https://hotline.example.gov.cn"
XSS = '"><script>alert(document.cookie)</script><svg onload=alert(1)>'
SQL = "' OR '1'='1'; DROP TABLE tickets; --"
#: Short enough for the phone and zone fields' length limits, so content validation is what refuses them.
SHORT = ["<script>1</script>", "1' OR '1'='1"]
POST_ROUTES = ["/api/chat", "/api/chat/ticket", "/api/chat/lookup", "/console/login", "/voice/incoming"]
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ZONES = ZoneDirectory.load(ROOT / "data" / "zones.yaml")


class Web:
    """A running gunicorn with its database URL."""

    def __init__(self, base: str, database_url: str, proc: Proc) -> None:
        self.base, self.database_url, self.proc = base, database_url, proc

    def store(self) -> TicketStore:
        return TicketStore(self.database_url, ZONES)


def start_web(tmp: Path, workers: int = 2, **extra: str) -> Web:
    database_url = f"sqlite:///{tmp / 'huiqi.db'}"
    store = TicketStore(database_url, ZONES)
    for login in (TEAM1_LAWYER, TEAM2_LAWYER):
        store.set_password(login, PASSWORD)
    store.dispose()
    # The public URL is https (as behind the district's proxy); the test talks plain HTTP on loopback,
    # so the session cookie must not carry the Secure flag here.
    env = web_env(
        tmp, database_url, TWILIO_AUTH_TOKEN=TOKEN, HUIQI_PUBLIC_URL=PUBLIC, HUIQI_SECURE_COOKIES="0", **extra
    )
    port = free_port()
    proc = web_proc(tmp, env, port, workers=workers).start()
    web = Web(f"http://127.0.0.1:{port}", database_url, proc)
    try:
        proc.wait_http(web.base + "/widget.js", timeout=60)
    except BaseException:
        proc.stop()
        raise
    return web


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """One gunicorn (2 workers) for the module, with generous throttles (each test sets its own)."""
    tmp = tmp_path_factory.mktemp("abuse")
    server = start_web(tmp, HUIQI_LOGIN_RATE_LIMIT="1000 per minute", HUIQI_TRUSTED_PROXIES="1")
    yield server
    server.proc.stop()


def address() -> dict[str, str]:
    """A fresh client address (behind the one trusted proxy), so per-address limits stay out of the way."""
    n = uuid.uuid4().int
    return {"X-Forwarded-For": f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250 + 1}"}


def file_ticket(web: Web, **fields: str) -> requests.Response:
    form = {
        "sender": "web-" + uuid.uuid4().hex,
        "firm_name": "青岛安全测试有限公司",
        "contact_name": "赵女士",
        "phone": "13800000505",
        "zone": "环秀街道",
        "question": "想了解技术改造补贴。",
    }
    form.update(fields)
    return requests.post(web.base + "/api/chat/ticket", json=form, headers=address(), timeout=10)


def sign_in(
    base: str, login: str, password: str, headers: dict[str, str]
) -> tuple[requests.Session, requests.Response]:
    """A new session's sign-in attempt on the console, CSRF token and all: (session, response)."""
    session = requests.Session()
    session.headers.update(headers)
    token = csrf_from(session, base + "/console/login")
    response = session.post(
        base + "/console/login",
        data={"login": login, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    return session, response


def signed_in(web: Web, login: str = TEAM1_LAWYER) -> requests.Session:
    session, response = sign_in(web.base, login, PASSWORD, address())
    assert response.status_code == 302, response.text[:300]
    return session


def csrf_from(session: requests.Session, url: str) -> str:
    match = CSRF_RE.search(session.get(url, timeout=10).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def still_serving(web: Web) -> None:
    assert requests.get(web.base + "/widget.js", timeout=5).status_code == 200
    assert web.proc.alive()


# --------------------------------------------------------------------------- bodies


@pytest.mark.parametrize("route", POST_ROUTES)
def test_ten_megabyte_body_is_refused_fast(web: Web, route: str) -> None:
    body = b'{"sender": "web-1", "message": "' + b"x" * (10 << 20) + b'"}'
    try:
        response = requests.post(
            web.base + route, data=body, headers={"Content-Type": "application/json"}, timeout=10
        )
        assert response.status_code in (403, 413), response.status_code  # voice: unsigned → 403 first
    except requests.ConnectionError:
        pass  # the server may close the connection instead of reading 10 MB: also a refusal
    still_serving(web)


@pytest.mark.parametrize("route", ["/api/chat", "/api/chat/ticket", "/api/chat/lookup"])
def test_chunked_body_without_length_is_capped(web: Web, route: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"sender": "web-1", "message": "'
        for _ in range(64):
            yield b"y" * 16384
        yield b'"}'

    response = requests.post(
        web.base + route, data=chunks(), headers={"Content-Type": "application/json"}, timeout=10
    )
    assert response.status_code in (400, 413)  # cut at the 64 KiB cap: too long, or truncated JSON
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])
    still_serving(web)


@pytest.mark.parametrize("route", ["/api/chat/ticket", "/api/chat/lookup"])
@pytest.mark.parametrize(
    "raw", [b"\x00\x01\x02\xff\xfe binary", b'{"phone": "\xff\xfe"}', '{"number": "工单"}'.encode("gb18030")]
)
def test_binary_and_invalid_utf8_are_400_in_chinese(web: Web, route: str, raw: bytes) -> None:
    response = requests.post(
        web.base + route, data=raw, headers={"Content-Type": "application/json", **address()}, timeout=10
    )
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])


def test_console_login_form_with_invalid_utf8_is_refused_not_a_crash(web: Web) -> None:
    session = requests.Session()
    session.headers.update(address())
    token = csrf_from(session, web.base + "/console/login")
    body = b"login=%FF%FE%00&password=%C3%28&csrf_token=" + token.encode()
    response = session.post(
        web.base + "/console/login",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert response.status_code in (400, 401)
    assert "登录" in response.text or "请求" in response.text


# --------------------------------------------------------------------------- injection


@pytest.mark.parametrize("field", ["sender", "phone", "zone"])
@pytest.mark.parametrize("payload", [XSS, SQL, *SHORT])
def test_injection_in_the_remaining_ticket_fields_is_refused_in_chinese(
    web: Web, field: str, payload: str
) -> None:
    store = web.store()
    before = store.count()
    response = file_ticket(web, **{field: payload})
    assert response.status_code in (400, 413)  # 413: longer than the field allows
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])
    assert store.count() == before
    store.dispose()


def test_sql_injection_in_lookup_and_my_tickets_finds_nothing(web: Web) -> None:
    filed = file_ticket(web)
    assert filed.status_code == 201
    number = filed.json()["ticket"]["number"]
    for body in (
        {"number": SQL, "phone": SQL},
        {"number": number, "phone": SQL},
        {"number": SQL, "phone": "x"},
    ):
        response = requests.post(web.base + "/api/chat/lookup", json=body, headers=address(), timeout=10)
        assert response.status_code in (400, 404, 413), response.text
        assert "ticket" not in response.json()
    response = requests.get(web.base + "/api/chat/tickets", params={"sender": SQL}, timeout=10)
    assert response.status_code == 400


@pytest.mark.parametrize("payload", [XSS, SQL])
def test_injection_in_console_filters_and_api_filters(web: Web, payload: str) -> None:
    session = signed_in(web)
    for key in ("status", "zone", "category"):
        page = session.get(web.base + "/console/", params={key: payload}, timeout=10)
        assert page.status_code == 200
        assert "<script>alert(document.cookie)" not in page.text and "<svg onload" not in page.text
        api = session.get(web.base + "/api/tickets", params={key: payload}, timeout=10)
        assert api.status_code == 200 and api.headers["Content-Type"].startswith("application/json")
    for path in (f"/console/tickets/{payload}", f"/api/tickets/{payload}"):
        response = session.get(web.base + path, timeout=10)
        assert response.status_code == 404
        assert "<script>alert(document.cookie)" not in response.text


@pytest.mark.parametrize("payload", [XSS, SQL])
def test_injection_in_the_login_form_is_just_a_failed_login(web: Web, payload: str) -> None:
    session, response = sign_in(web.base, payload, payload, address())
    assert response.status_code == 401
    assert "<script>alert(document.cookie)" not in response.text
    assert session.get(web.base + "/console/", allow_redirects=False, timeout=10).status_code == 302


def test_reply_with_script_reaches_the_firm_as_text(web: Web) -> None:
    number = file_ticket(web).json()["ticket"]["number"]
    session = signed_in(web)
    token = csrf_from(session, f"{web.base}/console/tickets/{number}")
    session.post(
        f"{web.base}/console/tickets/{number}/reply", data={"text": XSS, "csrf_token": token}, timeout=10
    )
    page = session.get(f"{web.base}/console/tickets/{number}", timeout=10).text
    assert "<script>alert(document.cookie)" not in page
    store = web.store()
    ticket = store.get(number)
    store.dispose()
    assert ticket is not None and [r.text for r in ticket.replies] == [XSS]


# --------------------------------------------------------------------------- Twilio


@pytest.mark.parametrize("route", ["/voice/incoming", "/voice/gather"])
def test_forged_twilio_requests_are_403_and_change_nothing(web: Web, route: str) -> None:
    params = {"CallSid": "CA" + "f" * 32, "From": "+8613900000000", "SpeechResult": "我要找律师"}
    forged = RequestValidator("not-the-real-token").compute_signature(PUBLIC + route, params)
    genuine_for_other_url = RequestValidator(TOKEN).compute_signature(web.base + route, params)
    store = web.store()
    before = store.count()
    for headers in ({}, {"X-Twilio-Signature": forged}, {"X-Twilio-Signature": genuine_for_other_url}):
        response = requests.post(web.base + route, data=params, headers=headers, timeout=10)
        assert response.status_code == 403
    assert store.count() == before
    store.dispose()


# --------------------------------------------------------------------------- CSRF


@pytest.mark.parametrize("action", ["reply", "assign", "close", "reopen"])
def test_console_forms_refuse_missing_and_foreign_csrf_tokens(web: Web, action: str) -> None:
    number = file_ticket(web).json()["ticket"]["number"]
    victim = signed_in(web)
    attacker = signed_in(web, TEAM1_LAWYER)  # a valid token, but of another session
    foreign = csrf_from(attacker, f"{web.base}/console/tickets/{number}")
    fields = {"reply": {"text": "伪造的答复"}, "assign": {"lawyer": "lixiaoyan"}}.get(action, {})
    store = web.store()
    before = store.get(number)
    for token in (None, foreign, "forged-token"):
        data = dict(fields, **({"csrf_token": token} if token else {}))
        response = victim.post(
            f"{web.base}/console/tickets/{number}/{action}", data=data, allow_redirects=False, timeout=10
        )
        assert response.status_code == 400, (action, token, response.status_code)
    after = store.get(number)
    store.dispose()
    assert before is not None and after is not None
    assert (after.status, after.replies, after.assigned_login, len(after.history)) == (
        before.status,
        before.replies,
        before.assigned_login,
        len(before.history),
    )


# --------------------------------------------------------------------------- brute force


def guess(base: str, headers: dict[str, str], login: str = TEAM1_LAWYER) -> int:
    return sign_in(base, login, "guess-" + uuid.uuid4().hex[:8], headers)[1].status_code


def test_brute_force_with_default_settings_is_throttled_within_workers_times_limit(
    tmp_path: Path, procs: list[Proc]
) -> None:
    """``make run``'s defaults: 2 workers, counters in memory (each worker counts for itself)."""
    server = start_web(tmp_path, workers=2, HUIQI_LOGIN_RATE_LIMIT="5 per minute")
    procs.append(server.proc)
    statuses = [guess(server.base, {}) for _ in range(30)]
    # Which worker accepts a connection is the kernel's choice, so the order of the
    # refusals is not fixed; what holds is that at most workers x limit guesses are
    # checked and every other one is throttled.
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) <= 2 * 5, statuses


def test_brute_force_is_throttled_exactly_across_workers_with_redis(
    tmp_path: Path, procs: list[Proc], redis_port: int
) -> None:
    """With the counters in Redis (docs/operations.md) every worker — and machine — shares them."""
    server = start_web(
        tmp_path,
        workers=3,
        HUIQI_LOGIN_RATE_LIMIT="5 per minute",
        HUIQI_RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{redis_port}/2",
    )
    procs.append(server.proc)
    statuses = [guess(server.base, {}) for _ in range(12)]
    assert statuses == [401] * 5 + [429] * 7, statuses


def test_brute_force_from_many_addresses_is_throttled_per_login(tmp_path: Path, procs: list[Proc]) -> None:
    """A botnet spreading guesses over addresses still hits the per-login throttle."""
    server = start_web(tmp_path, workers=1, HUIQI_LOGIN_RATE_LIMIT="5 per minute", HUIQI_TRUSTED_PROXIES="1")
    procs.append(server.proc)
    statuses = [guess(server.base, address()) for _ in range(8)]
    assert statuses == [401] * 5 + [429] * 3, statuses
    assert guess(server.base, address(), login=TEAM2_LAWYER) == 401  # other accounts are not locked out
