"""Written answers rewritten for the ear: key point first, short sentences, numbers as a listener expects."""

from __future__ import annotations

import pytest

from connectors.voice.speech import (
    citation_line,
    for_the_ear,
    sms_body,
    speak_numbers,
    speak_phone,
    speak_ticket_number,
    strip_markdown,
)
from tests.voice.conftest import CLAUSE


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("单个企业最高不超过50万元", "单个企业最高不超过五十万元"),
        ("请于2026年3月1日前申报", "请于二零二六年三月一日前申报"),
        ("给予10%的奖补", "给予百分之十的奖补"),
        ("每家补贴2万元", "每家补贴两万元"),
        ("首次超过1000万元", "首次超过一千万元"),
        ("按1.5倍计算", "按一点五倍计算"),
        ("有效期1-3年", "有效期一到三年"),
        ("见第3条", "见第三条"),
        ("拨打12345热线", "拨打幺二三四五热线"),
        ("已于2024-12-31失效", "已于二零二四年十二月三十一日失效"),
    ],
)
def test_numbers_are_read_as_a_listener_expects(written: str, spoken: str) -> None:
    assert speak_numbers(written) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        ("0532-88516018", "零五三二，八八五幺，六零幺八"),
        ("13912345678", "幺三九，幺二三四，五六七八"),
        ("400-123-4567", "四零零，幺二三，四五六七"),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_in_groups(number: str, spoken: str) -> None:
    assert speak_phone(number) == spoken


def test_phone_number_inside_a_sentence_is_not_read_as_an_amount() -> None:
    spoken = speak_numbers("联系电话：0532-88516018。")
    assert "零五三二，八八五幺，六零幺八" in spoken
    assert "万" not in spoken


def test_ticket_number_is_spelled_so_it_can_be_written_down() -> None:
    assert speak_ticket_number("HQ-20261201-0007") == "H Q，二零二六幺二零幺，零零零七"
    assert "H Q，二零二六幺二零幺，零零零七" in speak_numbers("工单HQ-20261201-0007已登记")


def test_markdown_links_and_footnotes_are_removed() -> None:
    text = strip_markdown("## 结论\n**可以享受**，详见[通知](https://example.gov.cn/a)[1]。\n- 第一条")
    assert "#" not in text and "*" not in text and "http" not in text and "[1]" not in text
    assert "可以享受" in text and "通知" in text and "第一条" in text


WRITTEN_ANSWER = """根据您的情况，可以申请研发投入奖补。
**奖补标准**：对研发费用较上年度增长部分给予10%的奖补，单个企业最高不超过50万元。
依据：《关于组织申报2024年度企业研发投入奖补资金的通知》（即科字〔2024〕11号）第二段
“本次奖补面向在即墨区注册、纳入统计部门一套表调查的规模以上工业企业和有研发活动的规模以上服务业企业。”
请于2024年6月30日前报送所在街道科技主管部门，咨询电话0532-88516018。"""


def test_spoken_answer_leads_with_the_key_point_in_short_sentences() -> None:
    spoken = for_the_ear(WRITTEN_ANSWER)
    first = spoken.split("。")[0]
    assert "百分之十" in first or "五十万元" in first  # the amount comes first, not the preamble
    assert spoken.index("五十万元") < spoken.index("根据您的情况")
    assert all(len(sentence) <= 60 for sentence in spoken.split("。"))
    assert "零五三二，八八五幺，六零幺八" in spoken


def test_spoken_answer_has_no_markdown_no_long_quotation_and_no_document_number() -> None:
    spoken = for_the_ear(WRITTEN_ANSWER)
    assert "*" not in spoken and "〔" not in spoken
    assert "一套表调查" not in spoken  # the quoted clause goes by SMS
    assert not any(ch.isdigit() for ch in spoken)


def test_bot_answer_layout_is_spoken_without_its_source_line() -> None:
    """The action server writes: expiry note, lead sentence, zone note, then a "依据：" line."""
    written = (
        "请注意：《2024年度研发投入奖补通知》已于2024-12-31失效，现行政策是《2026年度研发投入奖补通知》。\n"
        "对研发费用增长部分给予10%的奖补，单个企业最高不超过50万元。\n"
        "依据：《2024年度研发投入奖补通知》（即科字〔2024〕11号）第二段。"
    )
    spoken = for_the_ear(written)
    assert "二零二四年十二月三十一日失效" in spoken and "百分之十" in spoken
    assert "依据" not in spoken and "即科字" not in spoken


def test_spoken_answer_stays_short() -> None:
    long_answer = "。".join(f"第{i}项补贴标准为每人{i}00元" for i in range(1, 40)) + "。"
    assert len(for_the_ear(long_answer, max_chars=120)) < 220


def test_citation_line_names_the_policy_and_warns_when_expired() -> None:
    line = citation_line([CLAUSE])
    assert "关于组织申报二零二四年度企业研发投入奖补资金的通知" in line
    assert "失效" in line


def test_sms_carries_the_full_clause_text_with_its_document_number() -> None:
    body = sms_body([CLAUSE], hotline="0532-88512345")
    assert CLAUSE["text"] in body
    assert "即科字〔2024〕11号" in body and "第二段" in body and "已失效" in body
    assert "0532-88512345" in body


def test_sms_after_a_ticket_repeats_the_number_in_writing() -> None:
    body = sms_body([], hotline="0532-88512345", ticket="HQ-20261201-0007")
    assert "HQ-20261201-0007" in body
