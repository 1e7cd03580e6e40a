"""Which of the district's zones a policy's own text limits it to ("本办法适用于在A镇、B镇注册的企业").

A policy imported from a government document, or written with minimal front matter, often states its
zones only in the body. :func:`text_zones` reads them, conservatively: only a clause that says where the
policy itself applies counts — ``本办法适用于…`` / ``本办法仅限…`` / ``适用范围：…`` — and only the zone
names (official names, aliases, places) that clause itself names; ``上述三镇`` is resolved to the zones
named earlier in the same paragraph. The whole district (``本市行政区域内``, ``全区``), a clause of one
article (``本条适用于…``), a priority (``重点支持…``), an exclusion (``…以外的企业不适用本办法``), an
address or a list of venues set no limit: ``None``.

:func:`with_text_zones` applies it to an index's policy metadata when the server loads the index (the
zones file is known only then); an explicit ``zones:`` in the front matter, ``zones: all`` included,
always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

__all__ = [
    "COUNTY_SUFFIXES",
    "ZoneNames",
    "district_names",
    "names_beside",
    "place_forms",
    "read_zone_names",
    "text_zones",
    "with_text_zones",
    "zones_beside",
    "zones_given",
]

#: How a county-level division's name ends (科尔沁区, 醴陵市, 贺兰县, 科尔沁左翼中旗).
COUNTY_SUFFIXES = ("区", "县", "市", "旗")
#: Suffixes dropped when a zone is named short ("白兔潭" for 白兔潭镇).
_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
#: The policy itself as the subject of a scope clause ("本办法", "本实施细则", "本政策措施").
_DOC = (
    r"本[^\s，。；;,、条款项章节]{0,6}?"
    r"(?:办法|措施|政策|意见|通知|方案|细则|规定|规则|文件|决定|计划|指引|条例)"
)
#: "本办法…适用于 / 仅限 / 的适用范围为" — what follows is where it applies (no 不/非 in between).
_DOC_SCOPE = re.compile(
    rf"{_DOC}[^，。；;,不非]{{0,6}}?(?:(?:仅|只)?适用于|适用范围(?:为|是|包括)?|(?:仅|只)?限于|仅限)"
)
#: A clause labelled with the scope ("适用范围：…", "（一）适用对象为…").
_LABEL_SCOPE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇两\d]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．]|\s)*"
    r"(?:政策)?(?:适用范围|适用对象|适用区域|实施范围)\s*(?:为|是|包括|[：:])"
)
#: Words that make a scope clause an exclusion or a priority, not a limit.
_NOT_A_LIMIT = re.compile(r"不适用|不含|不包括|不属于|除外|以外|之外|除|重点|优先|鼓励|倾斜|参照")
#: The whole district ("全市", "本区", "我县"); the district's own name is added per district.
_WHOLE = r"全(?:市|区|县|旗|域)|本(?:市|区|县)|我(?:市|区|县)"
#: "上述三镇", "上述2个街道", "上述区域": zones named before, in the same paragraph.
_ABOVE = re.compile(
    r"上述(?P<n>[一二两三四五六七八九十\d]{1,3})?个?(?P<kind>乡镇|镇|乡|街道|园区|片区|区域|地区|区位)"
)
_CN_NUMBERS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
_SENTENCE_END = "。；;！？!?"
_CLAUSE_END = _SENTENCE_END + "，,"


#: A note in brackets after a listed place ("拉林河湿地（景区）", "北关建材市场（示例）").
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def place_forms(listed: str) -> tuple[str, ...]:
    """A place as a zones file lists it and as firms say it: without the note in brackets after it."""
    bare = _NOTE.sub("", listed).strip()
    return tuple(dict.fromkeys((listed, bare) if len(bare) >= 2 else (listed,)))


@dataclass(frozen=True)
class ZoneNames:
    """The district's place names as plain data (from the zones file, read by the caller).

    Args:
        zones: official zone names.
        aliases: alias → zone.
        places: place (road, park, village) → the zones it lies in.
        district: the district's own name ("醴陵市", "通辽市科尔沁区"): named as the scope, it means every
            zone; so does its county part ("科尔沁区", which the stem 科尔沁 of 科尔沁街道 must not take).
    """

    zones: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    district: str = ""

    @cached_property
    def terms(self) -> dict[str, tuple[str, ...]]:
        """Every name of a zone or place → the zones it points to (official names win over the rest)."""
        terms: dict[str, tuple[str, ...]] = {}
        for place, zones in self.places.items():
            terms[place] = tuple(z for z in zones if z in self.zones)
        for zone in self.zones:
            for suffix in _SUFFIXES:
                stem = zone.removesuffix(suffix)
                if stem != zone and len(stem) >= 2:
                    terms[stem] = (zone,)
        terms.update({alias: (zone,) for alias, zone in self.aliases.items() if zone in self.zones})
        terms.update({zone: (zone,) for zone in self.zones})
        return {term: zones for term, zones in terms.items() if term and zones}

    @cached_property
    def district_forms(self) -> frozenset[str]:
        """The district's own name and, after its city, its county part: 通辽市科尔沁区 and 科尔沁区 (of
        :func:`district_names`, the ones that name the county-level division in full)."""
        city = _city_of(self.district)
        return frozenset(
            name
            for name in district_names(self.district)
            if name == self.district or (name != city and len(name) >= 3 and name[-1] in COUNTY_SUFFIXES)
        )

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Names (longest first, so "醴陵经济开发区" beats "醴陵") and words for the whole district."""
        names = sorted({*self.terms, *self.district_forms}, key=len, reverse=True)
        alternatives = "|".join(re.escape(name) for name in names)
        whole = f"(?P<whole>{_WHOLE})"
        return re.compile(f"(?P<name>{alternatives})|{whole}" if names else whole)


def _city_of(district: str) -> str:
    """The city a district's full name starts with (长春市 of 长春市双阳区, 济南市 of 济南市市中区, 潍坊市 of
    潍坊市青州市), or ``""``."""
    city, _, own = district.partition("市")
    return f"{city}市" if city and len(own) >= 2 else ""


def district_names(district: str) -> tuple[str, ...]:
    """A district's name as firms say it: ``花溪区`` and ``花溪`` (the county-level suffix dropped when two
    characters or more are left); ``长春市双阳区`` also gives ``双阳区`` and ``双阳``, and the city it belongs
    to, ``长春市`` and ``长春`` ("明天张掖下雨不" to 张掖市甘州区 names no policy either)."""
    if not district:
        return ()
    found = [district]
    city = _city_of(district)
    if city:  # "长春市双阳区": the district after its city, then the city
        found += [district.removeprefix(city), city]
    bare = [
        name[:-1]
        for name in found
        if name[-1] in COUNTY_SUFFIXES and len(name) >= 3 and "市" not in name[:-1]
    ]
    return tuple(dict.fromkeys(found + bare))


def zones_beside(corpus: Path) -> Path | None:
    """A collection's zones file: ``zones.yaml`` beside its corpus folder (``data/zones.yaml`` for
    ``data/policies``, ``data/eval/blindN/zones.yaml`` for ``data/eval/blindN/policies``), if any."""
    path = Path(corpus).parent / "zones.yaml"
    return path if path.is_file() else None


def names_beside(corpus: Path) -> ZoneNames | None:
    """The place names of the zones file beside a collection (:func:`zones_beside`), for training and
    benchmarks: read as where the firm is, as the server reads its own district's."""
    path = zones_beside(corpus)
    return read_zone_names(path) if path is not None else None


def read_zone_names(path: Path) -> ZoneNames:
    """The place names of a zones file (``zones``, ``aliases``, ``places``, ``district.name``) for a
    tool without the ticket side: training collections, ``policy-index search``. The server reads the
    whole file through :class:`tickets.ZoneDirectory`, which also checks its teams and rules.

    Raises:
        ValueError: the file is unreadable or its names are not lists and mappings of text (Chinese).
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        zones = tuple(str(z) for z in data.get("zones") or ())
        aliases = {str(a): str(z) for z, names in (data.get("aliases") or {}).items() for a in names or ()}
        places: dict[str, tuple[str, ...]] = {}
        for zone, names in (data.get("places") or {}).items():
            for place in (form for listed in names or () for form in place_forms(str(listed))):
                if str(zone) not in places.get(place, ()):
                    places[place] = (*places.get(place, ()), str(zone))
        district = str((data.get("district") or {}).get("name") or "")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError, TypeError) as exc:
        raise ValueError(f"区位文件 {path} 无法读取（{exc}）") from exc
    return ZoneNames(zones, aliases, places, district)


@dataclass
class _Named:
    """What one stretch of text names: zones in order of mention, and whether the whole district."""

    zones: list[str] = field(default_factory=list)
    whole: bool = False


def _named(text: str, names: ZoneNames) -> _Named:
    found = _Named()
    matches = list(names.pattern.finditer(text))
    for i, match in enumerate(matches):
        following = matches[i + 1] if i + 1 < len(matches) else None
        qualifies = following is not None and following.start() == match.end() and following["name"]
        if match["whole"] or match["name"] in names.district_forms:
            if not (qualifies and following["name"] not in names.district_forms):  # "本市白兔潭镇": the town
                found.whole = True
            continue
        for zone in names.terms.get(match["name"], ()):
            if zone not in found.zones:
                found.zones.append(zone)
    return found


def _split(text: str, ends: str) -> list[tuple[int, str]]:
    """Pieces of ``text`` ending at any of ``ends`` outside brackets, with their start offsets."""
    pieces: list[tuple[int, str]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in "（(【[":
            depth += 1
        elif char in "）)】]":
            depth = max(0, depth - 1)
        elif char in ends and depth == 0:
            pieces.append((start, text[start : i + 1]))
            start = i + 1
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces


def _scope_of(clause: str) -> str | None:
    """The part of a clause that says where the policy applies, or None when it says nothing of that."""
    match = _DOC_SCOPE.search(clause) or _LABEL_SCOPE.match(clause)
    return clause[match.end() :] if match else None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CN_NUMBERS.get(text)
    tens, _, ones = text.partition("十")
    return (_CN_NUMBERS.get(tens, 1) if tens else 1) * 10 + (_CN_NUMBERS.get(ones, 0) if ones else 0)


def _above(scope: str, before: str, names: ZoneNames) -> list[str] | None:
    """Zones meant by "上述三镇" in ``scope``: those named in ``before`` (the paragraph so far), of the
    kind said (镇, 街道) and as many as said; None when that is not exactly clear."""
    match = _ABOVE.search(scope)
    if match is None:
        return None
    zones = _named(before, names).zones
    kind = match["kind"]
    if kind in ("乡镇", "镇", "乡"):
        zones = [z for z in zones if z.endswith(("镇", "乡"))]
    elif kind == "街道":
        zones = [z for z in zones if z.endswith(("街道", "街道办事处"))]
    count = _number(match["n"])
    if not zones or (count is not None and count != len(zones)):
        return None
    return zones


def text_zones(body: str, names: ZoneNames) -> list[str] | None:
    """The district's zones the text limits a policy to, in order of mention; None when it sets no limit.

    Args:
        body: the policy's text (paragraphs on separate lines).
        names: the district's zone names, aliases, places and own name.

    Returns:
        The zones, or None: no clause says where the policy applies and names zones, one names the
        whole district, one cannot be resolved ("上述各镇" with none named before), or every zone is named.
    """
    zones: list[str] = []
    for paragraph in body.splitlines():
        for start, clause in _split(paragraph, _CLAUSE_END):
            scope = _scope_of(clause.strip())
            if scope is None or _NOT_A_LIMIT.search(scope):
                continue
            named = _named(scope, names)
            if named.whole:
                return None
            if "上述" in scope:
                above = _above(scope, paragraph[:start], names)
                if above is None:
                    return None
                named.zones.extend(z for z in above if z not in named.zones)
            zones.extend(z for z in named.zones if z not in zones)
    if not zones or set(names.zones) <= set(zones):
        return None
    return zones


def zones_given(meta: Mapping[str, object]) -> bool:
    """Whether a policy's front matter set its zones (indexes built before ``zones_given`` was recorded:
    any zones but ``all`` were given)."""
    given = meta.get("zones_given")
    return bool(given) if given is not None else meta.get("zones", "all") != "all"


def with_text_zones(
    policies: Mapping[str, dict], texts: Mapping[str, Iterable[str]], names: ZoneNames
) -> dict[str, dict]:
    """Policy metadata with the zones their text limits them to, for those whose front matter gave none.

    Args:
        policies: policy id → metadata (``policies.json`` of an index); not changed.
        texts: policy id → its clause texts.
        names: the district's zone names.

    Returns:
        A copy of ``policies``; a policy limited by its text gets ``zones`` (the list) and
        ``zones_inferred: True``.
    """
    result = {}
    for policy_id, meta in policies.items():
        zones = None if zones_given(meta) else text_zones("\n".join(texts.get(policy_id, ())), names)
        result[policy_id] = {**meta, "zones": zones, "zones_inferred": True} if zones else meta
    return result
