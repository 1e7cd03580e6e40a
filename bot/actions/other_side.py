"""A question about one side of a scope the policy pays for only on the other: "参加广交会这种国内展会，
展位费能补吗" of a policy on 境外展会, "出国参展能补吗" of one on 国内展会. The policy shares every other word
with the question (展会, 展位费, 补) and ranks first, but says nothing that answers it.
"""

from __future__ import annotations

import functools
import re

import yaml

from huiqi.settings import LEXICON_DIR

#: Countries, regions and trade-fair cities abroad (shared data): "去迪拜参展" is the 境外 side.
ABROAD_PATH = LEXICON_DIR / "abroad.yaml"


@functools.cache
def _places_abroad() -> re.Pattern[str]:
    """The places abroad of :data:`ABROAD_PATH`, longest first (德国, 迪拜, 香港)."""
    places = (yaml.safe_load(ABROAD_PATH.read_text(encoding="utf-8")) or {}).get("places") or []
    return re.compile("|".join(sorted((re.escape(str(place)) for place in places), key=len, reverse=True)))


#: The side abroad in a clause's own words, not a place's name.
_ABROAD = r"境外|国外|海外|出国|出境|境内外|国内外"


@functools.cache
def _sides() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Each scope as questions and clauses say it, with its opposite. A policy saying both (国内外, 境内外,
    省内外展会) covers either; a place abroad (德国, 迪拜, 香港) says 境外."""
    return (
        (re.compile(r"国内|境内"), re.compile(rf"{_ABROAD}|{_places_abroad().pattern}")),
        (re.compile(r"省内"), re.compile(r"省外|外省|出省|省内外")),
    )


#: A sentence leaving a case out or sending it to another programme ("参加境外展会的，按区支持外贸企业开拓国
#: 际市场的有关措施申报，不在本通知支持范围内"): the side it names is not one the policy pays.
_LEFT_OUT = re.compile(
    r"不在.{0,12}(?:范围|之列)|不予|不属于|不适用|不纳入|不享受|除外|另行|"
    r"按.{0,24}(?:有关|相关).{0,6}(?:措施|政策|办法|规定|文件).{0,4}(?:申报|执行|办理|申请)"
)


def _sides_asked(question: str) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """The sides of a scope ``question`` names without their opposite, each with that opposite."""
    return [
        (asked, opposite)
        for one, other in _sides()
        for asked, opposite in ((one, other), (other, one))
        if asked.search(question) and not opposite.search(question)
    ]


def asks_the_other_side(question: str, policy_text: str) -> bool:
    """Whether ``question`` names a scope (国内, 省内; or 境外, 省外, a place abroad) that ``policy_text``
    never says while saying its opposite."""
    return any(
        not asked.search(policy_text) and opposite.search(policy_text)
        for asked, opposite in _sides_asked(question)
    )


def _paid_part(policy_text: str) -> str:
    """``policy_text`` less its sentences leaving a case out or sending it elsewhere (:data:`_LEFT_OUT`)."""
    return "。".join(part for part in re.split(r"[。；;\n]", policy_text) if not _LEFT_OUT.search(part))


def sends_the_other_side_elsewhere(question: str, policy_text: str) -> bool:
    """Whether ``question`` names a scope that ``policy_text`` says only where it leaves it out or sends it
    to another programme, while paying its opposite: "去了一趟迪拜的展会" of a policy on 国内展会 whose
    clause adds "参加境外展会的，按……有关措施申报，不在本通知支持范围内"."""
    paid = _paid_part(policy_text)
    return (
        paid != policy_text
        and asks_the_other_side(question, paid)
        and not asks_the_other_side(question, policy_text)
    )


def says_the_side_asked(question: str, text: str) -> bool:
    """Whether ``text`` (a clause) names the side of a scope ``question`` asks of (境外: "去迪拜参展")."""
    return any(asked.search(text) for asked, _ in _sides_asked(question))


def abroad_as_the_policy_says(question: str, policy_text: str) -> str:
    """``question`` with the places abroad it names said as 境外 when ``policy_text`` pays for the side
    abroad in its own words ("那要是去沙特参展呢" → "那要是去境外参展呢" of a policy on 境外展会: a case it
    covers, not a subject it must name); unchanged when the policy says 境外 only where it leaves it out."""
    if not re.search(_ABROAD, _paid_part(policy_text)):
        return question
    return _places_abroad().sub("境外", question)
