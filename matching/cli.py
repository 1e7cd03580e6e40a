"""``huiqi match`` (which policies a firm qualifies for) and ``huiqi conditions`` (review extraction)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import NoReturn

import click

from huiqi.settings import get_settings
from matching import CorrectionsError, corpus_conditions, load_profile, load_vocabulary, match_firm
from matching.conditions import PolicyConditions
from matching.engine import Match
from matching.profile import ProfileError
from matching.vocabulary import Vocabulary
from policy_index.corpus import CorpusError

_STATUS_ZH = {"eligible": "符合", "maybe": "可能符合", "not_eligible": "不符合"}


def fail(message: str) -> NoReturn:
    """Print a Chinese error and exit with status 2."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def load_conditions() -> tuple[Vocabulary, list[PolicyConditions]]:
    """The vocabulary and the corrected conditions of ``HUIQI_CORPUS_DIR`` (exit 2 on a bad corpus)."""
    vocabulary = load_vocabulary()
    try:
        return vocabulary, corpus_conditions(get_settings().corpus_dir, vocabulary)
    except (CorpusError, CorrectionsError) as exc:
        fail(str(exc))


def _human(match: Match) -> str:
    head = f"[{_STATUS_ZH[match.status]}] {match.policy_id} {match.title}"
    if match.status == "maybe":
        lines = [f"    条款：{match.clause}"] + [f"    待确认：{u}" for u in match.unknown]
        if match.window:
            lines.append(f"    申报时间：{match.window}")
        return "\n".join([head, *lines])
    return f"{head}\n    {match.why}"


@click.command("match")
@click.option("--profile", "profile_path", required=True, help="企业画像 JSON 文件")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（eligible / maybe / not_eligible）")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="按此日期判断是否过期")
def match(profile_path: str, as_json: bool, today: dt.datetime | None) -> None:
    """列出企业能享受的政策：符合 / 可能符合 / 不符合，并说明理由（政策库取 HUIQI_CORPUS_DIR）。"""
    try:
        profile = load_profile(profile_path)
    except ProfileError as exc:
        fail(str(exc))
    vocabulary, conditions = load_conditions()
    report = match_firm(profile, conditions, vocabulary, today.date() if today else None)
    if as_json:
        click.echo(json.dumps(report.to_contract(), ensure_ascii=False, indent=2))
        return
    for group in (report.eligible, report.maybe, report.not_eligible):
        for item in group:
            click.echo(_human(item))


@click.command("conditions")
@click.argument("policy_ids", nargs=-1)
def conditions(policy_ids: tuple[str, ...]) -> None:
    """输出从条款中抽取的适用条件（JSON，供编辑审核）；可指定政策编号。"""
    _, extracted = load_conditions()
    chosen = [c for c in extracted if not policy_ids or c.policy_id in policy_ids]
    if policy_ids and not chosen:
        fail(f"政策库中没有 {'、'.join(policy_ids)}")
    click.echo(json.dumps([c.to_dict() for c in chosen], ensure_ascii=False, indent=2))
