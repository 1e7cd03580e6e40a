"""``valid_until`` from what a policy's text says, in the forms Chinese documents write it."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_index.importer.validity import valid_until

ISSUED = dt.date(2024, 5, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本办法自2024年3月1日起施行，有效期3年。", "2027-02-28"),
        ("本办法自二〇二四年三月一日起施行，有效期三年。", "2027-02-28"),
        ("本办法自印发之日起施行，有效期五年。", "2029-05-05"),
        ("本通知自2024年3月1日起实施，有效期限为两年。", "2026-02-28"),
        ("本办法自2025年1月1日起施行，为期两年。", "2026-12-31"),
        ("有效期三年，自2024年3月1日起计算。", "2027-02-28"),
        ("本办法自2024年1月1日起施行，至2026年12月31日止。", "2026-12-31"),
        ("本政策有效期至二〇二七年十二月三十一日。", "2027-12-31"),
        ("本办法有效期至2027年底。", "2027-12-31"),
        ("本措施执行至2026年6月底。", "2026-06-30"),
        ("有效期：2024年1月1日至2026年12月31日", "2026-12-31"),
        ("实施期限为2024年1月1日至2026年12月31日。", "2026-12-31"),
        ("阶段性缓缴政策实施期限到2025年12月31日。", "2025-12-31"),
        ("自本通知印发之日起至2026年12月31日，对符合条件的企业给予支持。", "2026-12-31"),
        ("对2024年1月1日起至2024年12月31日期间新招用的人员给予补贴。", None),
        # a campaign notice's own dates (blind97: the spring car subsidy was served as still running)
        ("活动时间为2026年3月20日至2026年6月30日，补贴资金总额1000万元。", "2026-06-30"),
        ("本活动执行至2026年6月30日，逾期不再受理补贴申报。", "2026-06-30"),
        ("申报活动时间为2026年3月1日至3月31日，逾期不予受理。", None),
        ("第三条　给予奖励。\n第九条　本细则自2023年5月1日起施行，有效期至2027年4月30日。", "2027-04-30"),
        # lengths and dates that are not the document's own validity
        ("认定结果有效期3年。本办法自2024年3月1日起施行。", None),
        ("入库企业有效期为2年。", None),
        ("高新技术企业资格仍在有效期内的，给予奖励。", None),
        ("申报截止到2024年6月30日。", None),
        ("本次评价范围为截至2024年12月31日认定的企业。", None),
        ("原办法已于2023年12月31日到期。", None),
    ],
)
def test_valid_until_forms(text: str, expected: str | None) -> None:
    got = valid_until(text, ISSUED)
    assert (got.isoformat() if got else None) == expected
