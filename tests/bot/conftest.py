"""Fixtures for the action tests: a real index of a small corpus, the shipped zones, a fresh ticket store.

The index is built once per session from tests/bot/corpus/ with the real ``policy-index build`` (real
embedding model, real FAISS); each test gets its own SQLite ticket database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import services
from bot.runtime import BOT_DIR
from tests.cli_index import build_index as build_index  # re-exported: the bot tests take them from here
from tests.cli_index import loaded_index as loaded_index

CORPUS = Path(__file__).parent / "corpus"


def index_of(tmp_path_factory: pytest.TempPathFactory, name: str, policies: dict[str, str]) -> Any:
    """The loaded index of a collection invented in the test: ``policies`` maps each policy id to its
    Markdown file, written to a fresh folder and built with the real ``policy-index build``."""
    corpus = tmp_path_factory.mktemp(f"{name}-corpus")
    for policy_id, text in policies.items():
        (corpus / f"{policy_id}.md").write_text(text, encoding="utf-8")
    return loaded_index(corpus, tmp_path_factory.mktemp(f"{name}-index"))


def patent_grants(policy_id: str, clause: str = "企业获得发明专利授权的，每件资助1万元。") -> str:
    """The Markdown file of an invented county's patent-grant policy (its one clause ``clause``): the
    other policy of a small collection invented in a test, sharing little with the one it is about."""
    return f"""---
id: {policy_id}
title: 青禾县专利资助办法
issuer: 青禾县市场监督管理局
doc_no: 青市监〔2025〕2号
issued: 2025-03-01
zones: all
---
第一条 {clause}
"""


def ask(
    index: Any,
    text: str,
    state: Any = None,
    *,
    resolve_zone: Callable[[str], str | None] = lambda _said: None,
    place_names: tuple[str, ...] = (),
    district_names: tuple[str, ...] = (),
    intent: str = "ask_policy",
) -> Any:
    """``text`` answered by ``respond`` as a message NLU took for ``intent`` (default ``ask_policy``),
    after ``state`` (default: a new conversation); returns the answer and the new state."""
    from bot.actions.respond import respond
    from bot.actions.state import State

    return respond(
        index,
        text,
        state or State(),
        intent=intent,
        resolve_zone=resolve_zone,
        place_names=place_names,
        district_names=district_names,
    )


@pytest.fixture(scope="session")
def bot_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, indexed by the real ``policy-index build``."""
    return build_index(CORPUS, tmp_path_factory.mktemp("bot-index"))


@pytest.fixture(scope="package")
def bot_services(bot_index_dir: Path) -> Iterator[None]:
    """Point the action services at the fixture index for tests/bot (loaded once, on first use).

    Package scope: the environment is restored when tests/bot is done, so the real servers that other
    suites start later inherit the real corpus and index, not this fixture corpus.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUIQI_INDEX_DIR", str(bot_index_dir))
        mp.setenv("HUIQI_CORPUS_DIR", str(CORPUS))  # the index is checked against the corpus it indexes
        services.reset()
        yield
    services.reset()


@pytest.fixture
def ticket_db(bot_services: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite ticket database for this test; returns its URL."""
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("HUIQI_DATABASE_URL", url)
    services.get_store.cache_clear()
    yield url
    services.get_store.cache_clear()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The bot's domain, as the action server receives it."""
    return yaml.safe_load((BOT_DIR / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    text: str,
    intent: str,
    *,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    sender_id: str = "web-test",
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    latest_action_name: str = "action_listen",
) -> Tracker:
    """A tracker whose latest message is ``text`` classified as ``intent``."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entities or [],
        "intent_ranking": [{"name": intent, "confidence": 0.95}],
    }
    user_event = {"event": "user", "text": text, "parse_data": message, "timestamp": 1_764_400_000.0}
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message=message,
        events=[*(events or []), user_event],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action_name,
    )


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    """Factory: ``tracker_for("高企奖励多少", "ask_policy", slots={...})``."""
    return make_tracker
