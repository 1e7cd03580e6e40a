"""A city of a province the collection covers as a whole is not "another region" (foreign_place)."""

from __future__ import annotations

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
