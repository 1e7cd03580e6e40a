"""Find a firm's zone in what it says: zone names, aliases, and places the zones file lists.

Rules (never guess — an unclear answer is ``None`` and the bot asks again):

1. Text is normalised (full-width → half-width, spaces dropped, ``华山2路`` → ``华山二路``).
2. Mentions are found longest-first; zone names also match without their suffix (``环秀`` for
   环秀街道, ``段泊岚`` for 段泊岚镇). Terms of three or more characters also match by sound
   (pinyin), which catches speech-recognition slips such as ``兰村街道`` or ``断泊岚镇``.
3. What the firm says it *used to* be (``以前在A``, ``从A搬到B``, ``不是A``) is dropped up to the next
   clause break or "now" word (``现在``, ``搬到``, ``而是`` …).
4. Zone names and aliases decide first: one zone → that zone; several → ``None``. An official zone
   name outranks another zone's alias that only begins a road or building name, as addresses are
   written (``温泉街道蓝村路20号``: 蓝村 is the road's name here, not 蓝村街道).
5. Otherwise places decide: a place can lie in several zones (a long road); the zones all places
   have in common must be exactly one, else ``None``. A place is also found by its name without its
   kind, when that name has three characters or more (``银湖湾那边`` for 银湖湾滨海新区).
6. Still undecided: only what follows the last "now" word counts (``搬到A，现在又搬到B`` → B).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pypinyin import Style, pinyin

from policy_index.zone_scope import COUNTY_SUFFIXES

if TYPE_CHECKING:
    from tickets.zones import ZoneDirectory

#: Suffixes that people drop when naming a zone ("环秀街道" → "环秀", "段泊岚镇" → "段泊岚").
_SUFFIXES = ("街道办事处", "街道", "镇")
#: Words that start something the firm no longer is / is not ("以前在A", "从A搬到B", "不是A").
_PAST = r"以前|之前|原来|原先|原址|旧址|老厂|过去|曾经|早先|从前|不是|不在|从(?!事|业|而)"
#: Words that start what the firm is now; they end a "past" stretch.
_NOW = (
    r"现在|目前|如今|现址|现已|后来|而是|但是|搬到|搬去|搬进|搬往|搬至"
    r"|迁到|迁至|迁往|迁入|迁去|搬迁到|搬迁至|新址|新厂"
)
_BREAK = r"[,，。;；!！?？\n]"
_MARKER_RE = re.compile(f"(?P<past>{_PAST})|(?P<now>{_NOW})|(?P<brk>{_BREAK})")
#: What follows a name that is part of a road or building (``蓝村路``, ``蓝谷二路``, ``开发区大厦``).
_ROAD_OR_BUILDING_RE = re.compile(
    r"[东西南北中]?[一二三四五六七八九十]*(?:路|大道|大街|街(?!道)|巷|胡同|大厦|大楼|广场|小区|花园|公寓"
    r"|商城|商厦|市场|家园)"
)
_DIGITS_RE = re.compile(r"\d{1,2}(?=[路街巷号]|大道)")
_CN_DIGITS = "零一二三四五六七八九"
#: Shortest term matched by sound: two-syllable names collide with ordinary words (通济/统计).
_MIN_PHONETIC_LEN = 3


@dataclass(frozen=True)
class Mention:
    """One term found in the text: its span, the zones it points to, and whether it names a zone."""

    start: int
    end: int
    zones: frozenset[str]
    is_zone_name: bool
    #: The full official zone name (not an alias or a stem without its suffix).
    is_official: bool = False
    #: Directly followed by a road or building word: the term begins a road's or building's name.
    in_road_name: bool = False


def normalize(text: str) -> str:
    """Half-width, no whitespace, lower case, Arabic road numbers in Chinese (``2路`` → ``二路``)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).lower()
    return _DIGITS_RE.sub(lambda m: _digits_to_chinese(int(m.group())), text)


def _digits_to_chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


@lru_cache(maxsize=8192)
def _sounds(char: str) -> frozenset[str]:
    """Toneless pinyin readings of one character (itself when it is not Chinese)."""
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda x: [x])
    return frozenset(readings[0]) if readings and readings[0] else frozenset({char})


class ZoneResolver:
    """Resolve text to one zone of a :class:`ZoneDirectory`, or None."""

    def __init__(self, directory: ZoneDirectory) -> None:
        zone_terms: dict[str, set[str]] = {}
        for zone in directory.zones:
            for term in _zone_variants(zone):
                zone_terms.setdefault(term, set()).add(zone)
        for alias, zone in directory.aliases.items():
            zone_terms.setdefault(normalize(alias), set()).add(zone)
        place_terms: dict[str, set[str]] = {}
        for place, zones in directory.places.items():
            place_terms.setdefault(normalize(place), set()).update(zones)
        for place, zones in directory.places.items():
            stem = _place_stem(normalize(place))
            if stem and stem not in place_terms:  # a listed place's own name wins over another's stem
                place_terms.setdefault(stem, set()).update(zones)
        # A term that is both a zone word and a place keeps its zone meaning.
        self._terms: dict[str, tuple[frozenset[str], bool]] = {
            term: (frozenset(zs), False) for term, zs in place_terms.items()
        }
        self._terms.update({term: (frozenset(zs), True) for term, zs in zone_terms.items()})
        ordered = sorted(self._terms, key=len, reverse=True)
        self._official = frozenset(normalize(zone) for zone in directory.zones)
        # "我们在科尔沁区": the district itself, not its namesake street office 科尔沁街道 (stem 科尔沁)
        self._district = frozenset(
            normalize(name)
            for name in directory.district.names
            if name[-1] in COUNTY_SUFFIXES and normalize(name) not in self._terms
        )
        spans = sorted({*self._terms, *self._district}, key=len, reverse=True)
        self._exact_re = re.compile("|".join(re.escape(t) for t in spans))
        self._phonetic = [
            (term, tuple(_sounds(c) for c in term)) for term in ordered if len(term) >= _MIN_PHONETIC_LEN
        ]

    def resolve(self, text: str) -> str | None:
        """The one zone ``text`` places the firm in now, or None (unknown or ambiguous)."""
        if not isinstance(text, str) or not text.strip():
            return None
        norm = normalize(text)
        past = _past_spans(norm)
        mentions = [m for m in self.mentions(norm) if not any(s <= m.start < e for s, e in past)]
        zone = _decide(_drop_road_aliases(mentions))
        if zone is None and mentions:
            # "搬到A，现在又搬到B": what follows the last "now" word that is followed by a mention.
            nows = [m.end() for m in _MARKER_RE.finditer(norm) if m.lastgroup == "now"]
            last = max((n for n in nows if any(m.start >= n for m in mentions)), default=None)
            if last is not None:
                zone = _decide([m for m in mentions if m.start >= last])
        return zone

    def mentions(self, norm: str) -> list[Mention]:
        """All terms in normalised text: exact matches first, then sound-alike ones in the gaps."""
        found = []
        taken = [False] * len(norm)
        for match in self._exact_re.finditer(norm):
            if match.group() not in self._district:
                found.append(self._mention(norm, match.group(), match.start()))
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
        sounds = [_sounds(c) for c in norm]
        for term, term_sounds in self._phonetic:
            size = len(term_sounds)
            for start in range(len(norm) - size + 1):
                if any(taken[start : start + size]):
                    continue
                if all(term_sounds[i] & sounds[start + i] for i in range(size)):
                    found.append(self._mention(norm, term, start))
                    taken[start : start + size] = [True] * size
        return sorted(found, key=lambda m: m.start)

    def _mention(self, norm: str, term: str, start: int) -> Mention:
        """The mention of ``term`` found at ``start`` of the normalised text."""
        zones, is_zone = self._terms[term]
        end = start + len(term)
        return Mention(
            start,
            end,
            zones,
            is_zone,
            is_official=term in self._official,
            in_road_name=_ROAD_OR_BUILDING_RE.match(norm, end) is not None,
        )


def _drop_road_aliases(mentions: list[Mention]) -> list[Mention]:
    """Without the aliases that only begin a road or building name, when an official name is present.

    ``温泉街道蓝村路20号`` names 温泉街道; 蓝村 (an alias of 蓝村街道) is only the road's name there.
    Without an official name the alias still counts (``蓝村路20号`` may be all the firm says).
    """
    official = {zone for m in mentions if m.is_official for zone in m.zones}
    if not official:
        return mentions
    return [
        m
        for m in mentions
        if not (m.is_zone_name and not m.is_official and m.in_road_name and m.zones - official)
    ]


def _decide(mentions: list[Mention]) -> str | None:
    """Zone names decide if present (exactly one zone); else the zones all places share (exactly one)."""
    named = {zone for m in mentions if m.is_zone_name for zone in m.zones}
    if named:
        return next(iter(named)) if len(named) == 1 else None
    common: set[str] | None = None
    for m in mentions:
        common = set(m.zones) if common is None else common & m.zones
    return next(iter(common)) if common and len(common) == 1 else None


#: Kinds of place people leave out when naming one ("银湖湾那边" for 银湖湾滨海新区, "云栖谷这边" for
#: 云栖谷产业园).
_PLACE_KINDS = re.compile(
    r"(?:滨海新区|新区|经济开发区|开发区|高新区|工业园区|工业园|产业园|科技园|物流园|园区|风景区|景区|度假区|社区)$"
)
#: A stem this short may be a common word or another region's name (长沙 of 长沙村): not matched alone.
_MIN_PLACE_STEM = 3


def _place_stem(place: str) -> str | None:
    """A listed place's name without its kind (银湖湾 of 银湖湾滨海新区), or None when nothing is left
    out or what is left is shorter than :data:`_MIN_PLACE_STEM`."""
    stem = _PLACE_KINDS.sub("", place)
    return stem if stem != place and len(stem) >= _MIN_PLACE_STEM else None


def _zone_variants(zone: str) -> list[str]:
    """The zone name and the bare stem people say without the suffix (if two characters or more)."""
    variants = [normalize(zone)]
    for suffix in _SUFFIXES:
        stem = zone.removesuffix(suffix)
        if stem != zone and len(stem) >= 2:
            variants.append(normalize(stem))
            break
    return variants


def _past_spans(norm: str) -> list[tuple[int, int]]:
    """Stretches of text that describe where the firm used to be or is not."""
    spans = []
    start: int | None = None
    for match in _MARKER_RE.finditer(norm):
        if match.lastgroup == "past":
            if start is None:
                start = match.start()
        elif start is not None:
            spans.append((start, match.start()))
            start = None
    if start is not None:
        spans.append((start, len(norm)))
    return spans
