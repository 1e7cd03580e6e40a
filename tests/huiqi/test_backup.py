"""huiqi backup / restore on SQLite: an online backup taken while tickets, replies, transcripts and
conversations keep being written restores, into a fresh data dir, every ticket and reply confirmed
before it started; damaged backups and occupied targets are refused."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from huiqi.cli import main
from tests.tickets.conftest import ZONES_FILE, new_ticket
from tickets import TicketStore, ZoneDirectory

ZONES = ZoneDirectory.load(ZONES_FILE)


class Traffic(threading.Thread):
    """Files tickets with a lawyer's reply and a transcript turn, and Rasa-like tracker events, until stopped.

    ``confirmed`` holds ``(number, reply text)`` of every ticket whose reply call returned.
    """

    def __init__(self, data_dir: Path) -> None:
        super().__init__(daemon=True)
        self.store = TicketStore(f"sqlite:///{data_dir / 'huiqi.db'}", ZONES)
        self.tracker = data_dir / "rasa-tracker.db"
        self.confirmed: list[tuple[str, str]] = []
        self.events = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with sqlite3.connect(self.tracker) as tracker:
                tracker.execute("PRAGMA journal_mode=WAL")
                tracker.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT)")
                while not self.stop.is_set():
                    ticket = self.store.create(new_ticket(sender_id=f"web-{len(self.confirmed):032d}"))
                    text = f"答复 {ticket.number}：请携带营业执照到窗口办理。"
                    self.store.reply(ticket.number, "hanxiaoguang", text)
                    self.store.append_turn(f"tel-{ticket.number}", "firm", "我想问稳岗返还")
                    tracker.execute("INSERT INTO events (sender_id) VALUES (?)", (ticket.sender_id,))
                    tracker.commit()
                    self.events += 1
                    self.confirmed.append((ticket.number, text))
        except BaseException as exc:  # reported by the test
            self.error = exc


def invoke(args: list[str], data_dir: Path) -> str:
    env = {"HUIQI_DATA_DIR": str(data_dir), "HUIQI_DATABASE_URL": "", "HUIQI_ZONES_FILE": str(ZONES_FILE)}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_online_backup_under_load_restores_every_confirmed_ticket_and_reply(tmp_path: Path) -> None:
    live, fresh, out = tmp_path / "live", tmp_path / "fresh", tmp_path / "backup"
    live.mkdir()
    traffic = Traffic(live)
    traffic.start()
    try:
        while len(traffic.confirmed) < 30 and traffic.is_alive():
            threading.Event().wait(0.05)
        before = list(traffic.confirmed)  # confirmed before the backup started
        printed = invoke(["backup", "--out", str(out)], live)
        during = len(traffic.confirmed) - len(before)
    finally:
        traffic.stop.set()
        traffic.join(30)
    assert traffic.error is None, traffic.error
    assert "已备份到" in printed and "huiqi.db" in printed

    printed = invoke(["restore", str(out)], fresh)
    assert "已从" in printed
    restored = TicketStore(f"sqlite:///{fresh / 'huiqi.db'}", ZONES)
    try:
        for number, text in before:
            ticket = restored.get(number)
            assert ticket is not None, f"{number} confirmed before the backup is missing"
            assert [r.text for r in ticket.replies] == [text]
            assert restored.transcript(f"tel-{number}")[0]["text"] == "我想问稳岗返还"
        assert restored.account("hanxiaoguang") is not None
        # a consistent snapshot: no more than what was confirmed by the time the backup finished
        assert len(before) <= restored.count() <= len(before) + during + 1
    finally:
        restored.dispose()
        traffic.store.dispose()
    with sqlite3.connect(fresh / "rasa-tracker.db") as tracker:
        assert tracker.execute("SELECT COUNT(*) FROM events").fetchone()[0] >= len(before)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["huiqi.db"]["rows"]["tickets"] >= len(before)


def test_restore_refuses_a_damaged_backup_and_an_occupied_data_dir(tmp_path: Path) -> None:
    live, out = tmp_path / "live", tmp_path / "backup"
    live.mkdir()
    store = TicketStore(f"sqlite:///{live / 'huiqi.db'}", ZONES)
    store.create(new_ticket())
    store.dispose()
    invoke(["backup", "--out", str(out)], live)

    env = {"HUIQI_DATA_DIR": str(live), "HUIQI_DATABASE_URL": "", "HUIQI_ZONES_FILE": str(ZONES_FILE)}
    occupied = CliRunner().invoke(main, ["restore", str(out)], env=env)
    assert occupied.exit_code != 0 and "目标已有数据" in occupied.output

    with (out / "huiqi.db").open("r+b") as fh:  # one flipped byte
        fh.seek(200)
        byte = fh.read(1)
        fh.seek(200)
        fh.write(bytes([byte[0] ^ 0xFF]))
    env["HUIQI_DATA_DIR"] = str(tmp_path / "fresh")
    damaged = CliRunner().invoke(main, ["restore", str(out)], env=env)
    assert damaged.exit_code != 0 and "校验和不一致" in damaged.output
    assert not (tmp_path / "fresh" / "huiqi.db").exists()


@pytest.mark.parametrize("url", ["postgresql+psycopg://huiqi@db-host/huiqi"])
def test_backup_on_postgresql_points_to_pg_dump(tmp_path: Path, url: str) -> None:
    env = {"HUIQI_DATA_DIR": str(tmp_path), "HUIQI_DATABASE_URL": url}
    result = CliRunner().invoke(main, ["backup", "--out", str(tmp_path / "b")], env=env)
    assert result.exit_code != 0 and "pg_dump" in result.output
