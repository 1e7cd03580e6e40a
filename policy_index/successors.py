"""Which policy replaces an older one when the older one's front matter does not say (``replaced_by``).

Districts re-issue a policy as a new document and say so in its text, seldom in the old file: "原《…办法
（试行）》（平商发〔2023〕7号）已于2024年12月31日到期，结合实施情况，制定本细则", or "…〔2021〕5号同时废止".
A later policy with a sentence that names an earlier one — by its document number or its title in 《》 —
next to a word that retires it (废止, 到期, 不再执行, 原《…》…) replaces it. A policy that only cites
another (根据《…》) replaces nothing, and an editor's own ``replaced_by`` always wins. A loan falling due
is no document expiring: "已享受《首贷贴息办法》贴息的贷款，到期续贷时…" retires nothing.

A policy that *repeals* the older one outright (…同时废止, 不再执行) ends it the day before it takes
effect, whatever end the older file gives (:func:`repealed_from`): "本办法自2026年8月1日起施行，《人才安居
补贴暂行办法》同时废止" ends an older policy whose front matter still says 2026-12-31.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from policy_index.corpus import Policy
from policy_index.importer.fields import find_doc_no, find_doc_nos

__all__ = ["inferred_successors", "repealed_from"]

_TITLE = re.compile(r"《([^《》]{4,80})》")
#: Words that retire the document a sentence names.
_RETIRES = re.compile(
    r"废止|(?<!贷款)(?:到期|届满)(?![时续贷还后前的])|不再执行|停止执行|同时失效|自行失效|原《|替代|代替|取代"
)
#: Words that repeal the documents a sentence names (from the day the naming policy takes effect); the
#: chat reads a sentence with them as saying what it repeals, not quoting another document.
REPEALS = re.compile(r"废止|不再执行|停止执行|同时失效")
_SENTENCE = re.compile(r"[^。；;！!\n]+")


def _named(sentence: str, by_doc_no: dict[str, Policy], by_title: dict[str, Policy]) -> list[Policy]:
    named = [by_doc_no[number] for number in find_doc_nos(sentence) if number in by_doc_no]
    return named + [by_title[title] for title in _TITLE.findall(sentence) if title in by_title]


def _retired(policies: Sequence[Policy], words: re.Pattern[str]) -> dict[str, Policy]:
    """``{older policy id: the latest later policy with a sentence naming it next to one of words}``."""
    by_doc_no = {number: p for p in policies if p.doc_no and (number := find_doc_no(p.doc_no))}
    by_title = {p.title: p for p in policies}
    found: dict[str, Policy] = {}
    for newer in policies:
        for sentence in _SENTENCE.findall(newer.body):
            if not words.search(sentence):
                continue
            for older in _named(sentence, by_doc_no, by_title):
                if older.id == newer.id:
                    continue
                if older.issued and newer.issued and newer.issued <= older.issued:
                    continue  # only a later document retires an earlier one
                known = found.get(older.id)
                if known is None or (newer.issued or dt.date.min) > (known.issued or dt.date.min):
                    found[older.id] = newer
    return found


def inferred_successors(policies: Sequence[Policy]) -> dict[str, str]:
    """``{older policy id: id of the later policy that retires it}``, for policies without ``replaced_by``.

    When several later policies retire the same one, the latest issued replaces it.
    """
    given = {p.id for p in policies if p.replaced_by}
    return {old: new.id for old, new in _retired(policies, _RETIRES).items() if old not in given}


def repealed_from(policies: Sequence[Policy]) -> dict[str, dt.date]:
    """``{older policy id: the day the later policy repealing it takes effect}``: its text's own start
    ("本办法自2026年8月1日起施行"), else its issue date; policies with neither are left out."""
    from policy_index.importer.validity import in_force_from  # the importer's modules load only when needed

    found = {}
    for old, newer in _retired(policies, REPEALS).items():
        start = in_force_from(newer.body, newer.issued)
        if start is not None:
            found[old] = start
    return found
