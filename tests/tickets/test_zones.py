"""The zones file: the shipped one is complete, and each kind of mistake is named with the file."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.tickets.conftest import ZONES_FILE
from tickets import ZoneDirectory, ZoneFileError

INTERFACE_ZONES = [
    *("环秀街道", "潮海街道", "通济街道", "北安街道", "龙山街道", "龙泉街道", "鳌山卫街道", "温泉街道"),
    *("灵山街道", "蓝村街道", "大信街道", "段泊岚镇", "移风店镇", "田横镇", "金口镇", "即墨经济开发区"),
    *("青岛蓝谷高新区", "汽车产业新城", "即墨综合保税区", "青岛国际陆港", "青岛国际招商产业园"),
    "田横岛省级旅游度假区",
]


def test_shipped_file_has_the_districts_22_zones_and_5_teams_of_5(zones: ZoneDirectory) -> None:
    assert list(zones.zones) == INTERFACE_ZONES
    assert [t.id for t in zones.teams] == ["team-1", "team-2", "team-3", "team-4", "team-5"]
    assert all(
        len(t.lawyers) == 5 and t.firm.endswith("律师事务所（示例）") and t.duty_phone for t in zones.teams
    )
    assert sorted(z for t in zones.teams for z in t.zones) == sorted(INTERFACE_ZONES)
    assert zones.team_for_zone("蓝村街道").id == "team-4"
    assert zones.account("office").role == "office"
    assert zones.account("hanxiaoguang").team_id == "team-4"
    assert "illustrative" in ZONES_FILE.read_text(encoding="utf-8")
    assert zones.district.name == "即墨区" and zones.district.hotline == "0532-88512345"
    assert zones.district.sms_signature == "【即墨区惠企通】" and zones.district.address
    assert {"蓝村街道", *zones.aliases, *zones.places, "即墨区", "即墨"} <= set(zones.place_names)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("花溪区", ("花溪区", "花溪")),
        ("鹤山市", ("鹤山市", "鹤山")),
        ("长春市双阳区", ("长春市双阳区", "双阳区", "长春市", "双阳", "长春")),
        ("张掖市甘州区", ("张掖市甘州区", "甘州区", "张掖市", "甘州", "张掖")),  # blind54: 明天张掖下雨不
    ],
)
def test_a_district_is_known_by_the_names_firms_call_it(name: str, said: tuple[str, ...]) -> None:
    from tickets.district import District

    assert District(name, "0851-1", "示例地址").names == said


def _raw() -> dict[str, Any]:
    return yaml.safe_load(ZONES_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "zones.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw())
    change(data)
    return data


CASES = [
    (
        "zone in two teams",
        lambda d: d["teams"][1]["zones"].append("环秀街道"),
        "环秀街道 同时属于 team-1 和 team-2",
    ),
    ("zone in no team", lambda d: d["teams"][0]["zones"].remove("北安街道"), "北安街道 没有分配给任何团队"),
    ("team zone unknown", lambda d: d["teams"][0]["zones"].append("火星街道"), "火星街道 不在 zones 列表里"),
    (
        "duplicate login",
        lambda d: d["teams"][1]["lawyers"][0].update(login="lixiaoyan"),
        "登录名 lixiaoyan 重复",
    ),
    ("office login clash", lambda d: d["office_users"][0].update(login="zhaowenbo"), "登录名 zhaowenbo 重复"),
    (
        "bad lawyer login",
        lambda d: d["teams"][0]["lawyers"][0].update(login="Zhang Ming"),
        "登录名 Zhang Ming 不合规",
    ),
    ("bad office login", lambda d: d["office_users"][0].update(login="办公室"), "登录名 办公室 不合规"),
    (
        "alias of unknown zone",
        lambda d: d["aliases"].update({"火星街道": ["火星"]}),
        "aliases 中的区位 火星街道",
    ),
    (
        "alias pointing to two zones",
        lambda d: d["aliases"]["潮海街道"].append("环秀"),
        "别名 环秀 同时指向",
    ),
    ("place of unknown zone", lambda d: d["places"].update({"月亮湾": ["海边路"]}), "places 中的区位 月亮湾"),
    ("lawyer without phone", lambda d: d["teams"][2]["lawyers"][0].pop("phone"), "缺少 name、login 或 phone"),
    ("team without lawyers", lambda d: d["teams"][2].update(lawyers=[]), "团队 team-3 没有律师"),
    (
        "bad duty phone",
        lambda d: d["teams"][1].update(duty_phone="待定"),
        "团队 team-2 的值班电话 duty_phone“待定”无效",
    ),
    ("bad sla category", lambda d: d["sla_hours"].update({"加急": 2}), "sla_hours 中的类别 加急"),
    ("negative sla", lambda d: d["sla_hours"].update({"维权投诉": -1}), "sla_hours.维权投诉 应为正数"),
    ("no zones", lambda d: d.pop("zones"), "缺少 zones"),
    (
        "unreadable office hours",
        lambda d: d["teams"][3].update(office_hours="上午八点半到下午五点"),
        "团队 team-4 的办公时间 office_hours“上午八点半到下午五点”无法识别",
    ),
    (
        "office hours ending before they start",
        lambda d: d["teams"][0].update(office_hours="工作日 17:30-8:30"),
        "团队 team-1 的办公时间",
    ),
    ("no district", lambda d: d.pop("district"), "缺少 district"),
    ("district without name", lambda d: d["district"].update(name=""), "district.name"),
    ("bad district hotline", lambda d: d["district"].update(hotline="12345"), "district.hotline“12345”无效"),
    ("district without address", lambda d: d["district"].pop("address"), "district.address 不能为空"),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_file_is_refused_naming_file_and_problem(tmp_path: Path, change: Any, expected: str) -> None:
    path = _write(tmp_path, _broken(change))
    with pytest.raises(ZoneFileError) as info:
        ZoneDirectory.load(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_missing_file_and_bad_yaml_are_named(tmp_path: Path) -> None:
    with pytest.raises(ZoneFileError, match="文件不存在"):
        ZoneDirectory.load(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("zones: [环秀街道\nteams: :\n", encoding="utf-8")
    with pytest.raises(ZoneFileError, match=r"bad\.yaml.*YAML 格式错误"):
        ZoneDirectory.load(bad)


def test_team_for_unknown_zone_is_a_key_error(zones: ZoneDirectory) -> None:
    with pytest.raises(KeyError, match="未知区位"):
        zones.team_for_zone("火星街道")


def test_a_place_listed_with_a_note_in_brackets_is_found_by_its_name(tmp_path: Path) -> None:
    """blind53: "我家就在拉林河湿地边上" was not understood where the file lists 拉林河湿地（示例景区）."""
    from tickets.zones import ZoneDirectory

    data = _raw()
    data["places"]["潮海街道"].append("拉林河湿地（景区）")
    zones = ZoneDirectory.load(_write(tmp_path, data))
    assert zones.resolve("我家就在拉林河湿地边上") == "潮海街道"
    assert zones.resolve("拉林河湿地（景区）东门") == "潮海街道"
