"""Zones a policy's own text limits it to: what a firm in another zone is told it cannot apply for.

An invented district (云岭县: three towns, one street office, one high-tech zone with a park).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_index.corpus import load_policy
from policy_index.zone_scope import (
    ZoneNames,
    district_names,
    names_beside,
    read_zone_names,
    text_zones,
    with_text_zones,
    zones_beside,
    zones_given,
)

ROOT = Path(__file__).resolve().parents[2]

NAMES = ZoneNames(
    zones=("青石镇", "柳溪镇", "松坪镇", "桃源街道", "云岭高新区"),
    aliases={"高新区": "云岭高新区", "桃源": "桃源街道"},
    places={"星光产业园": ("云岭高新区",), "人民路": ("桃源街道",), "滨河大道": ("桃源街道", "柳溪镇")},
    district="云岭县",
)


@pytest.mark.parametrize(
    ("body", "zones"),
    [
        (
            "第二条 本办法适用于注册地和生产经营地均在云岭高新区规划范围内（含星光产业园、创新大道沿线片区）"
            "的工业企业。注册地或生产经营地在高新区范围以外的企业，不适用本办法。",
            ["云岭高新区"],
        ),
        (
            "（一）为推动青石镇、柳溪镇茶旅资源与古镇文化深度融合，制定本办法。本办法适用于在上述两镇行政区域内"
            "依法登记的民宿和农家乐经营主体。其他镇（街道）和中心城区范围内的经营主体不适用本办法。",
            ["青石镇", "柳溪镇"],
        ),
        (
            "本办法适用于在桃源街道、松坪镇和云岭高新区注册并实际经营的电子商务企业。",
            ["桃源街道", "松坪镇", "云岭高新区"],
        ),
        ("适用范围：入驻星光产业园的科技型中小企业。", ["云岭高新区"]),
        ("本措施仅限在本县青石镇注册的种植企业申报。", ["青石镇"]),
        ("本细则适用于滨河大道沿线的商户。", ["桃源街道", "柳溪镇"]),  # a road through two zones
    ],
)
def test_a_clause_saying_where_the_policy_applies_limits_it_to_the_zones_it_names(
    body: str, zones: list[str]
) -> None:
    assert text_zones(body, NAMES) == zones


@pytest.mark.parametrize(
    "body",
    [
        # the whole district, with a priority for one zone
        "本措施适用于在云岭县行政区域内依法登记注册的企业，重点支持云岭高新区企业。",
        "本办法适用于全县规模以上工业企业。",
        # a priority, not a limit
        "本办法适用于工业企业。重点支持星光产业园企业做大做强。",
        # the address of the department that accepts applications
        "受理部门：县商务局，地址：桃源街道人民路8号，联系电话：0871-1234567。",
        # one article's scope, not the policy's
        "第五条 本条适用于入驻星光产业园的孵化企业，按租金的30%给予补贴。",
        # venues named in a list, an example
        "展会可在青石镇会展中心、桃源街道体育馆等场馆举办，例如柳溪镇茶博会。",
        # an exclusion
        "本办法适用于除柳溪镇以外的各类企业。",
        # "上述三镇" with no town named before it in the paragraph
        "本办法适用于在上述三镇注册的企业。",
        # "上述三镇" with only two towns named before it
        "为推动青石镇、柳溪镇发展，制定本办法。本办法适用于在上述三镇注册的企业。",
        # every zone of the district
        "本办法适用于青石镇、柳溪镇、松坪镇、桃源街道和云岭高新区内的企业。",
        # no zone named at all
        "本办法适用于本县中心城区规划范围内新建的商品住宅项目。",
        "本办法不适用于青石镇的企业。",
    ],
)
def test_text_that_sets_no_zone_limit_gives_none(body: str) -> None:
    assert text_zones(body, NAMES) is None


def test_a_limit_stated_in_one_clause_survives_a_later_exclusion_sentence() -> None:
    body = (
        "第一条 为支持茶产业发展，制定本办法。\n"
        "第二条 本办法适用于在松坪镇注册的茶叶加工企业。\n"
        "第三条 注册地在松坪镇以外的企业，不适用本办法。"
    )
    assert text_zones(body, NAMES) == ["松坪镇"]


def test_the_districts_county_name_is_the_whole_district_not_its_namesake_street_office() -> None:
    """blind122: "本办法适用于在科尔沁区各镇、街道从事肉牛养殖的…" was read as limited to 科尔沁街道 (its
    stem 科尔沁), and a cattle farmer in 余粮堡镇 was told nothing applied."""
    names = ZoneNames(zones=("科尔沁街道", "余粮堡镇", "明仁街道"), district="通辽市科尔沁区")

    assert text_zones("（一）本办法适用于在科尔沁区各镇、街道从事肉牛养殖的养殖场（户）。", names) is None
    limited = "本办法仅适用于科尔沁街道、明仁街道辖区内的商务楼宇。"
    assert text_zones(limited, names) == ["科尔沁街道", "明仁街道"]


def test_a_policy_with_zones_in_its_front_matter_keeps_them_even_all() -> None:
    limited = "本办法适用于在松坪镇注册的企业。"
    policies = {
        "all-given": {"zones": "all", "zones_given": True},
        "list-given": {"zones": ["青石镇"], "zones_given": True},
        "not-given": {"zones": "all", "zones_given": False},
        "old-index-list": {"zones": ["桃源街道"]},  # built before zones_given was recorded
        "old-index-all": {"zones": "all"},
    }
    texts = {policy_id: [limited] for policy_id in policies}

    served = with_text_zones(policies, texts, NAMES)

    assert served["all-given"] == {"zones": "all", "zones_given": True}
    assert served["list-given"]["zones"] == ["青石镇"] and "zones_inferred" not in served["list-given"]
    assert served["old-index-list"]["zones"] == ["桃源街道"]
    assert served["not-given"] == {"zones": ["松坪镇"], "zones_given": False, "zones_inferred": True}
    assert served["old-index-all"]["zones"] == ["松坪镇"] and served["old-index-all"]["zones_inferred"]
    assert policies["not-given"]["zones"] == "all"  # the index's own metadata is not changed


def test_zones_given_reads_old_indexes_by_their_zones() -> None:
    assert zones_given({"zones": ["青石镇"]}) and not zones_given({"zones": "all"})
    assert zones_given({"zones": "all", "zones_given": True})


@pytest.mark.parametrize(
    ("front", "given"), [("zones: all\n", True), ("zones: [松坪镇]\n", True), ("", False)]
)
def test_the_index_records_whether_the_front_matter_gave_zones(
    tmp_path: Path, front: str, given: bool
) -> None:
    path = tmp_path / "YL-1.md"
    body = "本办法适用于在松坪镇注册的企业。"
    path.write_text(f"---\nid: YL-1\ntitle: 茶企奖励办法\n{front}---\n{body}\n", "utf-8")

    assert load_policy(path).metadata()["zones_given"] is given


def test_a_zones_file_read_for_its_names_gives_what_the_server_reads(tmp_path: Path) -> None:
    """Training collections and ``policy-index search`` read the names only; they must be the server's."""
    from bot.actions.services import zone_names
    from tickets import ZoneDirectory

    for path in (ROOT / "data" / "zones.yaml", ROOT / "data" / "eval" / "blind125" / "zones.yaml"):
        served = zone_names(ZoneDirectory.load(path))
        read = read_zone_names(path)
        assert (read.terms, read.district_forms, dict(read.places)) == (
            served.terms,
            served.district_forms,
            dict(served.places),
        )
    assert "北关建材市场" in read.terms  # "北关建材市场（示例）" is said without its note
    broken = tmp_path / "zones.yaml"
    broken.write_text("zones: [甲镇\n", encoding="utf-8")
    with pytest.raises(ValueError, match="区位文件"):
        read_zone_names(broken)


def test_a_collection_is_read_with_the_zones_file_beside_it(tmp_path: Path) -> None:
    """Training and the benchmark read ``zones.yaml`` beside a corpus folder, and nothing without one."""
    corpus = tmp_path / "policies"
    corpus.mkdir()
    assert names_beside(corpus) is None
    (tmp_path / "zones.yaml").write_text(
        (ROOT / "data" / "eval" / "blind125" / "zones.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert zones_beside(corpus) == tmp_path / "zones.yaml"
    assert names_beside(corpus) == read_zone_names(ROOT / "data" / "eval" / "blind125" / "zones.yaml")


def test_a_district_named_after_its_city_is_also_said_without_it() -> None:
    """One reading of the district's name for tickets and retrieval: its city is the part up to the first 市,
    so a district or county-level city whose own name has 市 in it keeps it (沙市区, 新郑市, 市中区)."""
    assert district_names("长春市双阳区") == ("长春市双阳区", "双阳区", "长春市", "双阳", "长春")
    assert district_names("荆州市沙市区")[:3] == ("荆州市沙市区", "沙市区", "荆州市")
    assert district_names("郑州市新郑市")[:3] == ("郑州市新郑市", "新郑市", "郑州市")
    assert district_names("醴陵市") == ("醴陵市", "醴陵")
    assert ZoneNames((), district="济南市市中区").district_forms == {"济南市市中区", "市中区"}
    assert ZoneNames((), district="通辽市科尔沁区").district_forms == {"通辽市科尔沁区", "科尔沁区"}
    assert ZoneNames(()).district_forms == frozenset()
