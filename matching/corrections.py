"""Editors' corrections of the extracted conditions, kept beside the corpus in ``_conditions.yaml``.

The file lives in the policy folder (``HUIQI_CORPUS_DIR``; files starting with ``_`` are not policies),
so a collection carries its own corrections. Per policy id, ``scope`` replaces who the policy is for and
``clauses`` replaces the conditions of every benefit in a clause::

    JM-2024-219:
      scope: [外贸企业, 外贸综合服务企业]
      clauses:
        第四条: [小微企业, 外贸企业, 投保出口信用保险, "金额<=300"]

A condition is a vocabulary name, optionally ``首次:`` / ``重新:`` before it and ``#N`` (head-count) after
it, or a threshold ``revenue_wan>=2000`` / ``employees<=30`` / ``rd_share>=3`` / ``金额>=500`` (万元).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from matching.conditions import PolicyConditions, Requirement, Threshold
from matching.vocabulary import Vocabulary

__all__ = ["CORRECTIONS_FILE", "CorrectionsError", "apply_corrections", "load_corrections", "parse_item"]

CORRECTIONS_FILE = "_conditions.yaml"

_THRESHOLD = re.compile(r"^(revenue_wan|employees|rd_share|age_years|金额)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)$")
_UNITS = {
    "revenue_wan": ("营业收入", "万元"),
    "employees": ("职工人数", "人"),
    "rd_share": ("研发费用占比", "%"),
}
_UNITS |= {"age_years": ("成立年限", "年"), "金额": ("金额", "万元")}
_REQUIREMENT = re.compile(r"^(首次:|重新:)?([^#]+?)(?:#(\d+))?$")


class CorrectionsError(ValueError):
    """The corrections file cannot be used; the message names the policy and the item."""


def parse_item(item: str, vocabulary: Vocabulary) -> Requirement | Threshold:
    """One written condition as a requirement or threshold.

    Raises:
        CorrectionsError: the item is neither a known concept nor a threshold.
    """
    text = str(item).strip()
    threshold = _THRESHOLD.match(text)
    if threshold:
        field, op, value = threshold.groups()
        subject, unit = _UNITS[field]
        return Threshold(
            "" if field == "金额" else field, subject, op, float(value), unit, f"编辑更正：{text}"
        )
    match = _REQUIREMENT.match(text)
    concept = vocabulary.by_name.get(match.group(2)) if match else None
    if concept is None:
        raise CorrectionsError(f"“{text}”不是词表中的资质或情形，也不是门槛（如 revenue_wan>=2000）")
    prefix, count = match.group(1), match.group(3)
    return Requirement(
        concept.name,
        concept.kind,
        first=prefix == "首次:",
        renewal=prefix == "重新:",
        text="编辑更正",
        min_count=int(count) if count else None,
    )


def _split(items: object, vocabulary: Vocabulary, where: str) -> tuple[tuple, tuple]:
    if not isinstance(items, list):
        raise CorrectionsError(f"{where} 应为条件列表")
    parsed = []
    for item in items:
        try:
            parsed.append(parse_item(item, vocabulary))
        except CorrectionsError as exc:
            raise CorrectionsError(f"{where}：{exc}") from None
    return (
        tuple(p for p in parsed if isinstance(p, Requirement)),
        tuple(p for p in parsed if isinstance(p, Threshold)),
    )


def load_corrections(corpus_dir: Path | str) -> dict:
    """The corrections of a corpus folder (empty when it has none).

    Raises:
        CorrectionsError: the file is not YAML or not a mapping of policy ids.
    """
    path = Path(corpus_dir) / CORRECTIONS_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{CORRECTIONS_FILE} 格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise CorrectionsError(f"{CORRECTIONS_FILE} 应按政策编号列出更正")
    return data


def apply_corrections(
    conditions: list[PolicyConditions], corrections: dict, vocabulary: Vocabulary
) -> list[PolicyConditions]:
    """The conditions with the editors' corrections applied (each corrected policy marked).

    Raises:
        CorrectionsError: naming an unknown policy, clause or condition.
    """
    by_id = {c.policy_id: c for c in conditions}
    for policy_id, fix in corrections.items():
        cond = by_id.get(str(policy_id))
        if cond is None or not isinstance(fix, dict):
            raise CorrectionsError(f"{CORRECTIONS_FILE}：政策 {policy_id} 不在政策库中或更正格式有误")
        changes: dict = {"extra": {**cond.extra, "corrected": True}}
        if "scope" in fix:
            changes["scope"], changes["scope_thresholds"] = _split(
                fix["scope"], vocabulary, f"{policy_id} scope"
            )
        benefits = list(cond.benefits)
        for clause, items in (fix.get("clauses") or {}).items():
            if not any(b.clause == clause for b in benefits):
                raise CorrectionsError(f"{CORRECTIONS_FILE}：{policy_id} 没有读出“{clause}”的支持条款")
            reqs, thresholds = _split(items, vocabulary, f"{policy_id} {clause}")
            benefits = [
                dataclasses.replace(b, requirements=reqs, thresholds=thresholds) if b.clause == clause else b
                for b in benefits
            ]
        changes["benefits"] = tuple(benefits)
        by_id[cond.policy_id] = dataclasses.replace(cond, **changes)
    return [by_id[c.policy_id] for c in conditions]
