"""Policy versions in the shared audit trail of the ticket database (``audit_events``): the desk's
changes are recorded there with who, when, the fields changed and the diff; file histories kept
before are carried over once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from huiqi.settings import get_settings
from policy_index.editorial import History, PolicyDesk
from policy_index.editorial.history import AuditHistory
from tickets import TicketStore, ZoneDirectory

ROOT = Path(__file__).resolve().parents[2]
POLICY = "JM-2022-218"


@pytest.fixture
def store(tmp_path: Path) -> TicketStore:
    zones = ZoneDirectory.load(get_settings().zones_file)
    s = TicketStore(f"sqlite:///{tmp_path / 'huiqi.db'}", zones)
    yield s
    s.dispose()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "policies" / f"{POLICY}.md", folder / f"{POLICY}.md")
    return folder


def test_desk_changes_are_rows_of_the_audit_trail_with_who_when_and_the_diff(
    store: TicketStore, corpus: Path, tmp_path: Path
) -> None:
    desk = PolicyDesk(corpus, tmp_path / "work", AuditHistory(store.audit))
    desk.save(POLICY, {"valid_until": "2027-06-30"}, None, "bianji")
    desk.expire(POLICY, dt.date(2026, 12, 31), "shenhe")
    versions = desk.versions(POLICY)  # newest first
    assert [(v.who, v.action) for v in versions] == [("shenhe", "expire"), ("bianji", "edit")]
    first = versions[-1]
    assert (first.who, first.action, first.fields) == ("bianji", "edit", ["valid_until"])
    assert "+valid_until: '2027-06-30'" in first.diff or "+valid_until: 2027-06-30" in first.diff
    assert first.at.endswith("+00:00")
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor, subject_kind, subject, action FROM audit_events ORDER BY id")
        ).all()
    assert rows[0] == ("bianji", "policy", POLICY, "edit")
    assert len(rows) == len(versions)
    assert not (tmp_path / "work" / "history").exists()  # no second, file-based history


def test_file_histories_are_carried_over_once(store: TicketStore, tmp_path: Path) -> None:
    folder = tmp_path / "history"
    History(folder).record(POLICY, "bianji", "edit", "a: 1\n", "a: 2\n")
    audit = AuditHistory(store.audit)
    assert audit.import_files(folder) == 1
    assert audit.import_files(folder) == 0  # marked as imported
    [version] = audit.versions(POLICY)
    assert (version.who, version.action) == ("bianji", "edit") and "+a: 2" in version.diff
