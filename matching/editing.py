"""Write an editor's correction of one policy's conditions (the review page's conditions form).

The conditions are shown in the same written form ``_conditions.yaml`` uses (:mod:`matching.corrections`):
one item per line, a vocabulary name (``首次:`` / ``重新:`` before it, ``#N`` after it) or a threshold
such as ``revenue_wan>=2000``. A published policy's correction goes into the corpus folder's
``_conditions.yaml``; a draft's is kept beside the drafts until it is published (the matcher refuses
corrections of policies that are not in the collection).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from matching.conditions import PolicyConditions, Requirement, Threshold
from matching.corrections import CORRECTIONS_FILE, CorrectionsError, load_corrections, parse_item
from matching.vocabulary import Vocabulary
from policy_index.importer.writer import write_atomic

__all__ = ["correction_form", "format_item", "move_correction", "parse_lines", "save_correction"]

_FIELD_NAMES = {"": "金额"}


def format_item(item: Requirement | Threshold) -> str:
    """One condition written as ``_conditions.yaml`` writes it (the inverse of ``parse_item``)."""
    if isinstance(item, Threshold):
        return f"{_FIELD_NAMES.get(item.field, item.field)}{item.op}{item.value:g}"
    prefix = "首次:" if item.first else "重新:" if item.renewal else ""
    return f"{prefix}{item.concept}{f'#{item.min_count}' if item.min_count else ''}"


def correction_form(conditions: PolicyConditions) -> dict:
    """The current conditions as the form shows them: ``{"scope": [...], "clauses": {clause: [...]}}``."""
    clauses: dict[str, list[str]] = {}
    for benefit in conditions.benefits:
        items = [format_item(i) for i in (*benefit.requirements, *benefit.thresholds)]
        clauses.setdefault(benefit.clause, [])
        clauses[benefit.clause].extend(i for i in items if i not in clauses[benefit.clause])
    scope = [format_item(i) for i in (*conditions.scope, *conditions.scope_thresholds)]
    return {"scope": scope, "clauses": clauses}


def parse_lines(text: str, vocabulary: Vocabulary, where: str) -> list[str]:
    """The items of one form field (one per line, or separated by 、，;), each checked.

    Raises:
        CorrectionsError: naming the field and the item that is neither a concept nor a threshold.
    """
    items = [i.strip() for i in text.replace("、", "\n").replace("，", "\n").replace(";", "\n").splitlines()]
    items = [i for i in items if i]
    for item in items:
        try:
            parse_item(item, vocabulary)
        except CorrectionsError as exc:
            raise CorrectionsError(f"{where}：{exc}") from None
    return items


def _file(folder: Path) -> Path:
    return Path(folder) / CORRECTIONS_FILE


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, default_flow_style=None, width=100)


def save_correction(folder: Path, policy_id: str, fix: dict | None) -> tuple[str, str]:
    """Set (or with ``None`` remove) the correction of ``policy_id`` in ``folder``'s corrections file.

    Returns:
        The policy's correction before and after, as YAML text (for the history's diff).

    Raises:
        CorrectionsError: the existing file cannot be read (it is left as it is).
    """
    data = load_corrections(folder)
    before = _dump({policy_id: data[policy_id]}) if policy_id in data else ""
    if fix:
        data[policy_id] = fix
    else:
        data.pop(policy_id, None)
    after = _dump({policy_id: fix}) if fix else ""
    if data:
        write_atomic(_file(folder), _dump(data))
    else:
        _file(folder).unlink(missing_ok=True)
    return before, after


def move_correction(policy_id: str, source: Path, target: Path) -> None:
    """Move ``policy_id``'s correction from one folder's corrections file to another's (if it has one)."""
    data = load_corrections(source)
    if policy_id in data:
        save_correction(target, policy_id, data[policy_id])
        save_correction(source, policy_id, None)
