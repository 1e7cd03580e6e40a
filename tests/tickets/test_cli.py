"""The tickets CLIs as an operator runs them: `huiqi route` in a real subprocess; `huiqi tickets digest`
and `huiqi console set-password` through click's runner (same entry point, in-process, faster)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from huiqi.cli import main
from tests.tickets.conftest import ZONES_FILE, new_ticket
from tickets import TicketStore, ZoneDirectory


def run(args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, args, input=stdin, env=env)


def run_process(
    args: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", "from huiqi.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_route_jsonl(tmp_path: Path) -> None:
    lines = [
        {"text": "以前在环秀，现在搬到了蓝村工业园"},
        {"text": "烟青路88号"},
        {"text": "段泊兰镇"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = run_process(["route", "--zones", str(ZONES_FILE), "--jsonl"], stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {"text": "以前在环秀，现在搬到了蓝村工业园", "zone": "蓝村街道", "team": "team-4"},
        {"text": "烟青路88号", "zone": None, "team": None},
        {"text": "段泊兰镇", "zone": "段泊岚镇", "team": "team-5"},
    ]


def test_route_reports_bad_lines_and_bad_zone_files(tmp_path: Path) -> None:
    result = run(["route", "--zones", str(ZONES_FILE), "--jsonl"], '不是JSON\n{"text": "金口镇"}\n')
    assert result.exit_code == 1
    assert "第 1 行" in result.stderr
    assert [json.loads(x)["zone"] for x in result.stdout.splitlines()] == [None, "金口镇"]
    broken = tmp_path / "zones.yaml"
    broken.write_text("zones: []\n", encoding="utf-8")
    result = run(["route", "--zones", str(broken), "--jsonl"], '{"text": "金口镇"}\n')
    assert result.exit_code != 0 and str(broken) in result.output and "缺少 zones" in result.output


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        "HUIQI_DATA_DIR": str(tmp_path / "data"),
        "HUIQI_ZONES_FILE": str(ZONES_FILE),
        "HUIQI_DATABASE_URL": "",
    }


def test_set_password_reads_stdin_and_refuses_short_ones(
    cli_env: dict[str, str], zones: ZoneDirectory
) -> None:
    result = run(["console", "set-password", "lixiaoyan"], "\n", cli_env)
    assert result.exit_code == 1 and "密码不能为空" in result.output
    result = run(["console", "set-password", "lixiaoyan"], "abc\n", cli_env)
    assert result.exit_code == 1 and "密码太短" in result.output
    result = run(["console", "set-password", "ghost"], "a long enough secret\n", cli_env)
    assert result.exit_code == 1 and "ghost" in result.output
    result = run(["console", "set-password", "lixiaoyan"], "a long enough secret\n", cli_env)
    assert result.exit_code == 0, result.output
    store = TicketStore(f"sqlite:///{cli_env['HUIQI_DATA_DIR']}/huiqi.db", zones)
    assert store.authenticate("lixiaoyan", "a long enough secret") is not None
    assert store.authenticate("lixiaoyan", "a long enough secret\n") is None
    store.dispose()


def test_digest_lists_overdue_due_today_and_new(cli_env: dict[str, str], zones: ZoneDirectory) -> None:
    now = datetime.now(UTC)
    old = TicketStore(
        f"sqlite:///{cli_env['HUIQI_DATA_DIR']}/huiqi.db", zones, clock=lambda: now - timedelta(days=3)
    )
    overdue = old.create(new_ticket(category="维权投诉")).number  # due 2 days ago
    old.dispose()
    store = TicketStore(f"sqlite:///{cli_env['HUIQI_DATA_DIR']}/huiqi.db", zones)
    fresh = store.create(new_ticket(category="政策咨询")).number
    other_team = store.create(new_ticket(zone="金口镇")).number
    store.dispose()

    result = run(["tickets", "digest", "--team", "team-4", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["team"] == "team-4"
    assert data["overdue"] == [overdue]
    assert data["new"] == [overdue, fresh]
    assert other_team not in result.output

    text = run(["tickets", "digest"], env=cli_env)
    assert text.exit_code == 0, text.output
    assert "已超期：1 件" in text.output and overdue in text.output and other_team in text.output
    assert text.output.count("工单日报") == 5

    bad = run(["tickets", "digest", "--team", "team-9"], env=cli_env)
    assert bad.exit_code != 0 and "未知团队" in bad.output


def test_accounts_cli_creates_lists_disables_and_logs_who_did_it(
    cli_env: dict[str, str], zones: ZoneDirectory
) -> None:
    env = {**cli_env, "HUIQI_CORPUS_DIR": str(ZONES_FILE.parent / "policies")}
    args = ["accounts", "create", "kejiju", "--name", "区科技局", "--role", "department"]
    refused = run([*args, "--department", "即墨区不存在局"], "a long enough secret\n", env)
    assert refused.exit_code == 1 and "政策库中出现的发文部门" in refused.output
    created = run([*args, "--department", "即墨区科学技术局"], "a long enough secret\n", env)
    assert created.exit_code == 0, created.output
    assert run(["accounts", "disable", "kejiju", "--reason", "换人"], env=env).exit_code == 0

    rows = [json.loads(line) for line in run(["accounts", "list", "--json"], env=env).output.splitlines()]
    mine = next(r for r in rows if r["login"] == "kejiju")
    assert mine["department"] == "即墨区科学技术局" and mine["disabled"] and mine["has_password"]
    assert next(r for r in rows if r["login"] == "zhangmingyuan")["role"] == "lawyer"
    trail = [json.loads(line) for line in run(["accounts", "log", "--json"], env=env).output.splitlines()]
    assert [(e["action"], e["login"]) for e in trail] == [("disabled", "kejiju"), ("created", "kejiju")]
    assert all(e["actor"].startswith("命令行:") for e in trail) and trail[0]["detail"] == {"reason": "换人"}
    departments = run(["accounts", "departments"], env=env).output
    assert "即墨区科学技术局\tkejiju" in departments and "即墨区工业和信息化局\t（尚无账号）" in departments
