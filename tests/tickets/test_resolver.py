"""Finding a firm's zone in what it says; unclear answers give None (ask again), never a guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tickets import ZoneDirectory

CASES = [
    # zone names and aliases, with and without suffix
    ("我们公司在环秀街道", "环秀街道"),
    ("段泊岚的一家食品厂", "段泊岚镇"),
    ("在蓝谷那边", "青岛蓝谷高新区"),
    ("综保区里的外贸企业", "即墨综合保税区"),
    ("田横岛上开民宿的", "田横岛省级旅游度假区"),  # not 田横镇: longest name wins
    ("田横镇周戈庄村", "田横镇"),
    # places listed under a zone
    ("厂子在华山二路", "潮海街道"),
    ("地址是华山2路18号", "潮海街道"),  # digits as ASR writes them
    ("鹤山路 120 号", "环秀街道"),
    ("刘家庄村的养殖场", "段泊岚镇"),
    # a road that crosses zones is not enough alone, but narrows with another place
    ("烟青路88号", None),
    ("烟青路上，通济社区旁边", "通济街道"),
    # moves: the current place counts
    ("以前在环秀街道，现在在通济", "通济街道"),
    ("从鳌山卫搬到了蓝谷", "青岛蓝谷高新区"),
    ("我们现在在龙泉，以前在龙山", "龙泉街道"),
    ("不是环秀，是潮海", "潮海街道"),
    ("原来在开发区，厂子已经关了", None),
    # speech-recognition slips
    ("兰村街道的", "蓝村街道"),
    ("断泊岚镇", "段泊岚镇"),
    ("移风殿镇", "移风店镇"),
    ("鳌山胃街道", "鳌山卫街道"),
    # nothing to go on, or two places: ask
    ("即墨区", None),
    ("在统计局旁边", None),
    ("我们在环秀和潮海都有厂", None),
    ("", None),
    ("从事外贸，在龙泉", "龙泉街道"),  # 从事 is not "from"
    # addresses as written: the official zone name wins over another zone's alias in a road/building name
    ("温泉街道蓝村路20号", "温泉街道"),
    ("即墨区龙泉街道蓝谷大厦5楼", "龙泉街道"),
    ("蓝村路20号", "蓝村街道"),  # no official name: the alias still counts
    ("温泉街道和蓝村街道都有厂", None),  # two official names stay ambiguous
    ("温泉街道，厂子在蓝村", None),  # an alias on its own is still a zone
]


@pytest.mark.parametrize(("text", "zone"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_resolve(zones: ZoneDirectory, text: str, zone: str | None) -> None:
    assert zones.resolve(text) == zone


def test_each_zone_name_resolves_to_itself(zones: ZoneDirectory) -> None:
    assert all(zones.resolve(f"我们在{z}") == z for z in zones.zones)


def test_labelled_address_set_never_routes_to_a_wrong_zone(zones: ZoneDirectory) -> None:
    path = Path(__file__).resolve().parents[2] / "data" / "eval" / "addresses.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 60
    answers = [(zones.resolve(x["text"]), x["zone"]) for x in items]
    wrong = [(got, want) for got, want in answers if got is not None and got != want]
    assert wrong == []  # a wrong zone sends the firm's ticket to the wrong team
    assert sum(got == want for got, want in answers) / len(items) >= 0.95


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("我们在银湖湾那边", "南村镇"),  # 银湖湾滨海新区, its kind left out
        ("厂子在云栖谷产业园里", "东阁街道"),
        ("在云栖谷这边", "东阁街道"),
        ("去长沙参展", None),  # 长沙村 less 村 is a city: two characters are no place alone
    ],
)
def test_a_place_is_found_by_its_name_without_its_kind(tmp_path: Path, said: str, zone: str | None) -> None:
    text = (Path(__file__).resolve().parents[1] / "data" / "pingdu-zones.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  南村镇: [南村工业园]", "  南村镇: [南村工业园, 银湖湾滨海新区, 长沙村]\n  东阁街道: [云栖谷产业园]"
    )
    path = tmp_path / "zones.yaml"
    path.write_text(text, encoding="utf-8")

    assert ZoneDirectory.load(path).resolve(said) == zone


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("我们在科尔沁区开了个厂", None),  # the district, not its street office: ask which zone
        ("通辽市科尔沁区余粮堡镇", "余粮堡镇"),
        ("我们在科尔沁街道", "科尔沁街道"),
        ("厂子在科尔沁那边", "科尔沁街道"),  # the bare stem still names the street office
    ],
)
def test_the_districts_own_name_is_no_namesake_street_office(
    tmp_path: Path, said: str, zone: str | None
) -> None:
    """blind122 (通辽市科尔沁区 with 科尔沁街道): "科尔沁区" was read as the street office 科尔沁街道."""
    text = (Path(__file__).resolve().parents[1] / "data" / "pingdu-zones.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("name: 平度市", "name: 通辽市科尔沁区")
        .replace("东阁街道", "科尔沁街道")
        .replace("南村镇", "余粮堡镇")
        .replace("[东阁]", "[科尔沁街]")
    )
    path = tmp_path / "zones.yaml"
    path.write_text(text, encoding="utf-8")

    assert ZoneDirectory.load(path).resolve(said) == zone
