"""Which policies there are: the answer to "有啥惠企政策" / "我们在金贵镇，有啥扶持".

A question that asks which benefits there are and names no subject of its own (once the district's
and the firm's place names, filler and benefit words are gone) has no clause to cite: no search can
answer it, and the best hit of a search on "有啥政策" is a clause picked at random. It gets the
collection's catalogue instead — the policies in force, the firm's zone taken into account (those
limited to it first, those limited to other zones left out) — and is told how to go on: ask about one
of them, or let the guided check go through them for the firm.
"""

from __future__ import annotations

import re
from typing import Any

from bot.actions.answer import Answer
from bot.actions.followup import own_content, without_names
from bot.actions.question_shape import ASPECT_WORDS, MIN_SUBJECT, WHICH_BENEFITS

#: Words that say where or for whom, not what: "县里", "这边", "咱们这儿", "本地".
_WHERE = re.compile(
    r"县里|区里|市里|镇里|园区里|这边|那边|这儿|这里|本地|当地|你们|这块|目前|现在|现行|最新|新的"
)
#: Asking for the others or all of them ("还有哪些政策", "别的还有啥", "都有什么补贴").
_OTHERS = re.compile(r"还有|别的|其他|其它|另外|都有|全部|所有")
#: The most policies one answer lists (a longer list is read to no end on the phone).
LISTED = 5


def asks_for_an_overview(
    question: str, place_names: tuple[str, ...] = (), *, discussing: bool = False
) -> bool:
    """Whether ``question`` asks which policies there are, naming no subject ("贺兰县有啥惠企政策",
    "我们在金贵镇，有啥扶持"); "有啥人才政策" and "装配式建筑有什么补贴" name one. While a policy is
    discussed (``discussing``), "那有啥补贴" asks about it: only "还有哪些政策", "别的还有啥扶持" ask
    for the others."""
    if not WHICH_BENEFITS.search(question) or (discussing and not _OTHERS.search(question)):
        return False
    rest = without_names(_WHERE.sub("", WHICH_BENEFITS.sub("", question)), place_names)
    return len(own_content(rest, ASPECT_WORDS)) < MIN_SUBJECT


def overview_answer(index: Any, zone: str | None) -> Answer:
    """The policies in force for a firm in ``zone`` (None: not known), newest first: those limited to
    the zone lead, those limited to other zones are left out; at most :data:`LISTED` named."""
    policies = [index.policy(policy_id) for policy_id in index.policies]
    in_force = [p for p in policies if p and not p.get("expired")]
    applying = [p for p in in_force if _applies(p, zone)]
    applying.sort(key=lambda p: str(p.get("issued") or ""), reverse=True)
    if zone:
        applying.sort(key=lambda p: p.get("zones") == "all")  # the zone's own first (stable: newest within)
    named = applying[:LISTED]
    where = f"适用于{zone}、" if zone else ""
    lines = [f"目前{where}仍然有效的惠企政策共 {len(applying)} 件，包括："]
    # titles only (no document numbers): the hotline reads this out
    lines += [f"{n}. 《{p.get('title')}》{_limited(p)}" for n, p in enumerate(named, 1)]
    if len(applying) > len(named):
        lines.append(f"……另有 {len(applying) - len(named)} 件。")
    lines.append(
        "想了解哪一项，直接问就行，比如“这项补贴有多少、怎么申请”；想知道贵公司能享受哪些，可以说“帮我看看能享受哪些政策”，我按贵公司的情况逐项核对。"
    )
    if not zone:
        lines.append("告诉我贵公司所在的街道或园区，我只列适用于那里的政策。")
    listed = [{"policy_id": p.get("id"), "title": p.get("title"), "doc_no": p.get("doc_no")} for p in named]
    payload = {"citations": [], "action": "overview", "policies": listed, "policy_count": len(applying)}
    return Answer(text="\n".join(lines), payload=payload, answered=True, body="\n".join(lines))


def _applies(policy: dict[str, Any], zone: str | None) -> bool:
    zones = policy.get("zones") or "all"
    return zones == "all" or zone is None or zone in zones


def _limited(policy: dict[str, Any]) -> str:
    zones = policy.get("zones") or "all"
    return "" if zones == "all" else f"（仅限{'、'.join(zones)}）"
