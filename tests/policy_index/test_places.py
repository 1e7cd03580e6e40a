"""Which places are "another region" (foreign_place): a city or county of a province the collection covers
as a whole is not; a county elsewhere, by full or short name, is."""

from __future__ import annotations

import pytest

from policy_index.divisions import counties_of, prefecture_of_division, province_of_division, short_name
from policy_index.signals import cities_of, province_of


def test_a_prefecture_is_read_with_or_without_its_suffix() -> None:
    assert province_of("苏州") == province_of("苏州市") == "江苏"
    assert province_of("延边朝鲜族自治州") == "吉林" and province_of("锡林郭勒盟") == "内蒙古"
    assert province_of("火星") is None and province_of("南山区") is None
    assert "青岛" in cities_of("山东") and "苏州" not in cities_of("山东")


def test_a_city_of_a_province_named_by_the_collection_is_not_another_region(index_with) -> None:
    index = index_with(
        "---\nid: T-JS-009\ntitle: 江苏省人力资源和社会保障厅关于吸纳高校毕业生就业社会保险补贴的通知\n"
        "issuer: 江苏省人力资源和社会保障厅\nissued: 2025-03-01\nzones: all\n---\n\n"
        "各设区市人力资源社会保障局：江苏省内企业招用毕业年度高校毕业生，签订1年以上劳动合同并缴纳社会保险的，"
        "按单位实际缴纳的社会保险费给予补贴，补贴期限最长1年。\n"
    )
    said_where = index.search("我们在苏州，招了两个应届大学生，社保补贴有吗", k=3)
    assert said_where["features"]["foreign_place"] == 0.0  # 苏州 lies in 江苏, which the collection covers
    assert said_where["hits"][0]["policy_id"] == "T-JS-009"
    elsewhere = index.search("我们在济南，招了两个应届大学生，社保补贴有吗", k=3)
    assert elsewhere["features"]["foreign_place"] == 1.0 and elsewhere["answerable"] is False


def test_counties_are_read_from_the_official_table() -> None:
    assert short_name("临清市") == "临清" and short_name("围场满族蒙古族自治县") == "围场"
    assert short_name("彭水苗族土家族自治县") == "彭水" and short_name("冠县") == "冠县"
    assert province_of_division("临清") == "山东" and prefecture_of_division("宿豫区") == "宿迁市"
    assert prefecture_of_division("江津区") == "重庆市"  # a district of a municipality
    assert province_of_division("鼓楼区") is None  # four cities have one
    assert "临清市" in counties_of("聊城市") and "宿豫区" not in counties_of("聊城市")


@pytest.mark.parametrize(
    "question",
    [
        "宿豫区的标准厂房租金补贴怎么申请",  # a district jieba's dictionary lacks
        "临清那边的轴承产业扶持政策有哪些",  # a county-level city by its short name
        "江津区的标准厂房租金补贴怎么申请",  # split 江津 + 区: the lone 区 is no town of the collection
        "天涯区那边的民宿补贴标准是多少",
        "掇刀那边的厂房租金补贴，我们测试区的企业能申请吗",  # said as a region beside a local town
    ],
)
def test_a_county_or_district_elsewhere_is_another_region(index, question: str) -> None:
    result = index.search(question, k=3)
    assert result["features"]["foreign_place"] == 1.0 and result["answerable"] is False


@pytest.mark.parametrize(
    "question",
    ["资源综合利用有什么税收优惠", "城区的企业搬到园区，有搬迁补贴吗", "比如研发费用加计扣除怎么算"],
)
def test_a_county_name_that_is_a_common_word_is_no_region(index, question: str) -> None:
    # 资源县, 比如县 and 城区 are divisions too; here they are words
    assert index.search(question, k=3)["features"]["foreign_place"] == 0.0


_PROVINCIAL = (
    "---\nid: T-JS-010\ntitle: 江苏省工业和信息化厅关于支持中小企业数字化转型的通知\n"
    "issuer: 江苏省工业和信息化厅\nissued: 2025-03-01\nzones: all\n---\n\n"
    "江苏省内中小企业实施数字化改造，软件和设备投入500万元以上的，按投入的10%给予补助，最高100万元。\n"
)
_DISTRICT = (
    "---\nid: T-JM-011\ntitle: 青岛市即墨区中小企业数字化转型补助办法\n"
    "issuer: 即墨区工业和信息化局\nissued: 2025-03-01\nzones: all\n---\n\n"
    "根据山东省有关部署，即墨区内中小企业实施数字化改造，软件和设备投入500万元以上的，按投入的10%给予补助，最高100万元。\n"
)


def test_a_county_of_a_province_covered_as_a_whole_is_not_another_region(index_with) -> None:
    index = index_with(_PROVINCIAL)
    result = index.search("我们是宿豫区的企业，数字化改造能补多少", k=3)
    assert result["features"]["foreign_place"] == 0.0 and result["hits"][0]["policy_id"] == "T-JS-010"


def test_a_county_beside_the_collections_own_district_is_another_region(index_with) -> None:
    index = index_with(_DISTRICT)
    assert index.search("即墨的企业数字化改造能补多少", k=3)["features"]["foreign_place"] == 0.0
    assert index.search("我们是胶州的企业，数字化改造能补多少", k=3)["features"]["foreign_place"] == 1.0


def test_a_town_of_the_district_said_as_a_region_is_local(built, model_dir, embedder) -> None:
    from policy_index import PolicyIndex
    from policy_index.zone_scope import ZoneNames

    question = "我们是龙岗那边的建筑公司，今年升了一级资质，有奖励吗"  # 龙岗 is also 深圳's 龙岗区
    bare = PolicyIndex.load(built[1], model_dir=model_dir, embedder=embedder)
    assert bare.search(question, k=3)["features"]["foreign_place"] == 1.0
    zoned = PolicyIndex.load(
        built[1],
        model_dir=model_dir,
        embedder=embedder,
        zone_names=ZoneNames(zones=("龙岗街道", "红旗镇"), aliases={"龙岗": "龙岗街道"}),
    )
    assert zoned.search(question, k=3)["features"]["foreign_place"] == 0.0
