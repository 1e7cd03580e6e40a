"""The answer composer: leads with the point asked for, cites its clauses, never invents a figure."""

from __future__ import annotations

import pytest

from bot.actions.answer import compose_answer, focus_of, sentences, unsupported_figures


def hit(policy_id: str, clause: str, text: str, score: float, **extra: object) -> dict[str, object]:
    base = {
        "policy_id": policy_id,
        "title": "即墨区高新技术企业培育奖励办法",
        "issuer": "即墨区科学技术局",
        "doc_no": "即科发〔2024〕3号",
        "clause": clause,
        "heading_path": [],
        "text": text,
        "score": score,
        "expired": False,
        "valid_until": "2027-12-31",
        "zones": "all",
        "replaced_by": None,
        "source": None,
    }
    return {**base, **extra}


HIGH_TECH = [
    hit("JM-T-001", "第二条", "第二条 对首次通过高新技术企业认定的企业，一次性给予20万元奖励。", 0.9),
    hit("JM-T-001", "第七条", "第七条 受理部门为即墨区科学技术局高新技术科，咨询电话0532-88551234。", 0.5),
    hit(
        "JM-T-001",
        "第六条",
        "第六条 企业应当在取得证书后的次年6月30日前向区科学技术局提出申请，逾期不予受理。",
        0.45,
    ),
]


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        ("高企奖励多少钱", "ask_policy", ["amount"]),
        ("什么时候截止", "ask_procedure", ["deadline"]),
        ("咨询电话多少", "ask_procedure", ["phone"]),
        ("去哪里办", "ask_procedure", ["department"]),
        ("怎么弄", "ask_procedure", ["materials", "department", "deadline"]),
        ("我们这样的行吗", "ask_eligibility", ["condition"]),
        ("利息区里能帮着出点不", "ask_policy", ["amount"]),
        ("摊位费能报一部分吗", "ask_policy", ["amount"]),
        ("报点什么材料", "ask_procedure", ["materials"]),  # "报点" asks the amount only at the phrase's end
    ],
)
def test_focus_follows_the_question(question: str, intent: str, expected: list[str]) -> None:
    assert focus_of(question, intent) == expected


def test_sentences_drop_clause_labels() -> None:
    assert sentences("第二条 对首次认定的企业给予奖励。逾期不予受理；详见附件") == [
        "对首次认定的企业给予奖励。",
        "逾期不予受理；",
        "详见附件",
    ]


def test_a_list_of_materials_is_answered_whole() -> None:
    """ "要交啥材料" gets every item of the list, not only the first."""
    text = "（二）申报材料：\n1. 补贴申请表；\n2. 劳动合同、人员身份证明；\n3. 社会保险缴费明细。"
    assert sentences(text) == ["申报材料：1. 补贴申请表；2. 劳动合同、人员身份证明；3. 社会保险缴费明细。"]
    # tiers listed under a heading stay one sentence each: the level asked leads
    tiers = "奖励标准：\n1. 国家级100万元；\n2. 省级50万元。"
    assert sentences(tiers) == ["奖励标准：国家级100万元；", "省级50万元。"]


def test_a_run_in_heading_stays_with_the_sentence_it_labels() -> None:
    # "稳岗返还要满足什么条件" was answered "享受条件。" and nothing else
    text = "（一）享受条件。在我区参加失业保险并足额缴费满12个月的企业，上年度未裁员。失信的不享受。"
    assert sentences(text)[0] == "享受条件：在我区参加失业保险并足额缴费满12个月的企业，上年度未裁员。"
    assert sentences("第五条 逾期不予受理。企业应当在每年3月前申报。")[0] == "逾期不予受理。"  # not a heading
    # blind103: "钱啥时候到" was answered "受理部门。" alone
    office = "（三）受理部门。区楼宇经济服务中心，咨询电话：0355-2186695。"
    assert sentences(office) == ["受理部门：区楼宇经济服务中心，咨询电话：0355-2186695。"]
    hits = [{"policy_id": "P-1", "title": "稳岗返还方案", "clause": "一、（一）", "text": text, "score": 0.9}]
    answer = compose_answer("稳岗返还要满足什么条件", {"answerable": True, "hits": hits})
    assert answer.text.startswith("享受条件：在我区参加失业保险")


def test_a_heading_naming_the_programme_stays_with_what_it_pays() -> None:
    """blind107: "数字化车间评上了奖多少" was answered "数字化车间和智能工厂。" and nothing else (about 120
    answers of blind4–103 were a heading alone: "社会保险补贴。", "智能化改造设备投资补助。")."""
    text = "（一）数字化车间和智能工厂。新认定为市数字化车间的，一次性奖励30万元；认定为智能工厂的奖80万元。"
    assert sentences(text)[0] == "数字化车间和智能工厂：新认定为市数字化车间的，一次性奖励30万元；"
    hit = {"policy_id": "P-9", "title": "数字化转型办法", "clause": "一、（一）", "text": text, "score": 0.9}
    answer = compose_answer("数字化车间评上了奖多少", {"answerable": True, "hits": [hit]})
    assert "30万元" in answer.text
    # the heading names every sentence of the clause: the one on 智能工厂 answers for it
    answer = compose_answer("智能工厂评上了奖多少", {"answerable": True, "hits": [hit]})
    assert answer.text.startswith("认定为智能工厂的奖80万元")
    # a short sentence that says something of its subject is an answer of its own
    assert sentences("（二）人才公寓常年受理。企业向人社局提交申请。")[0] == "人才公寓常年受理。"
    assert sentences("第三条 见习期限为3至12个月。见习单位按月发放。")[0] == "见习期限为3至12个月。"


def test_a_numbered_section_is_cited_as_its_part_and_item() -> None:
    """ "依据：《…》四、。" read like a slip: a section is cited as a reader says it."""
    policy = {"policy_id": "P-1", "title": "稳岗返还方案"}
    hits = [
        {**policy, "clause": "一、（一）", "text": "（一）在我区参保满12个月的企业可申请。", "score": 0.9},
        {**policy, "clause": "四、", "text": "四、每年3月集中申报。", "score": 0.8},
    ]
    answer = compose_answer("稳岗返还谁能申请，什么时候报", {"answerable": True, "hits": hits})
    cited = answer.text.splitlines()[-1]
    assert cited.startswith("依据：《稳岗返还方案》第一部分第（一）项") and "、。" not in cited


def test_answer_leads_with_the_amount_and_cites_the_clause() -> None:
    answer = compose_answer(
        "高企认定奖励多少钱", {"answerable": True, "hits": HIGH_TECH}, intent="ask_policy"
    )
    first_line = answer.text.splitlines()[0]
    assert first_line == "对首次通过高新技术企业认定的企业，一次性给予20万元奖励。"
    assert "依据：《即墨区高新技术企业培育奖励办法》（即科发〔2024〕3号）第二条" in answer.text
    assert answer.payload["action"] == "answer"
    assert answer.payload["citations"][0] == {
        "policy_id": "JM-T-001",
        "title": "即墨区高新技术企业培育奖励办法",
        "doc_no": "即科发〔2024〕3号",
        "issuer": "即墨区科学技术局",
        "clause": "第二条",
        "text": HIGH_TECH[0]["text"],
        "expired": False,
        "valid_until": "2027-12-31",
    }
    assert unsupported_figures(answer) == []


def test_phone_question_leads_with_the_phone_number_among_the_cited_clauses() -> None:
    hits = [HIGH_TECH[1], HIGH_TECH[0]]
    answer = compose_answer(
        "高企奖励找谁问，电话多少", {"answerable": True, "hits": hits}, intent="ask_procedure"
    )
    assert answer.text.splitlines()[0].endswith("咨询电话0532-88551234。")


def test_no_answerable_match_offers_a_lawyer_and_cites_nothing() -> None:
    answer = compose_answer(
        "公司食堂能不能养猫", {"answerable": False, "hits": HIGH_TECH}, intent="ask_policy"
    )
    assert not answer.answered
    assert answer.payload == {"citations": [], "action": "no_match"}
    assert "律师" in answer.text


def test_expired_policy_is_said_plainly_and_the_current_one_named() -> None:
    old = hit(
        "JM-T-002",
        "第一条",
        "第一条 对不裁员或少裁员的参保企业，按企业上年度实际缴纳失业保险费的60%返还。",
        0.8,
        title="即墨区2022年稳岗返还实施细则",
        doc_no="即人社发〔2022〕7号",
        expired=True,
        valid_until="2023-12-31",
        replaced_by="JM-T-003",
    )
    current = {
        "id": "JM-T-003",
        "title": "即墨区稳岗返还实施办法（2024年修订）",
        "doc_no": "即人社发〔2024〕2号",
    }
    answer = compose_answer(
        "稳岗返还返多少",
        {"answerable": True, "hits": [old]},
        lookup=lambda pid: current if pid == "JM-T-003" else None,
    )
    assert answer.text.startswith(
        "请注意：《即墨区2022年稳岗返还实施细则》已于2023-12-31失效，现行政策是《即墨区稳岗返还实施办法（2024年修订）》"
    )
    assert answer.payload["citations"][0]["expired"] is True


def test_zone_specific_policy_says_where_it_applies_when_zone_unknown() -> None:
    rent = hit(
        "JM-T-004",
        "第一条",
        "第一条 按实际租金的30%给予补贴，每家企业每年最高5万元。",
        0.9,
        title="蓝村街道小微企业房租补贴办法",
        zones=["蓝村街道"],
    )
    unknown = compose_answer("房租补贴多少", {"answerable": True, "hits": [rent]})
    known = compose_answer("房租补贴多少", {"answerable": True, "hits": [rent]}, zone="蓝村街道")
    assert "仅适用于蓝村街道" in unknown.text
    assert "仅适用于" not in known.text


def test_asked_whether_two_benefits_can_be_had_at_once_the_sentence_ruling_it_out_leads() -> None:
    hits = [
        hit(
            "QH-A-002",
            "第六条",
            "第六条 有下列情形之一的，不予补贴：（一）招用人员在见习期内已领取就业见习补贴的，"
            "见习期内不得同时申请本细则补贴；（二）用人单位欠缴社会保险费的。",
            0.9,
        ),
        hit(
            "QH-A-001",
            "四、",
            "四、见习期未满见习单位与见习人员签订1年以上劳动合同的，对剩余期限的见习补贴一次性拨付给见习单位。",
            0.85,
        ),
    ]

    answer = compose_answer(
        "我们招的人还在见习期，单位领着见习补贴，能不能同时再申请社保补贴", {"answerable": True, "hits": hits}
    )

    assert answer.citations[0]["policy_id"] == "QH-A-002"  # not the 见习 clause that shares more words
    assert "不得同时申请本细则补贴" in answer.text.splitlines()[0]


def test_a_notices_closing_line_is_never_the_answer() -> None:
    hits = [
        hit("YC-T-014", "第7段", "特此通知。", 0.9),
        hit("YC-T-014", "第3段", "对新建成的直播电商基地，给予运营主体一次性奖励30万元。", 0.5),
    ]

    answer = compose_answer("直播基地奖多少", {"answerable": True, "hits": hits})

    assert [c["clause"] for c in answer.citations] == ["第3段"]
    assert "特此通知" not in answer.text


def test_a_sentence_naming_the_asked_subject_only_in_a_quoted_title_does_not_lead() -> None:
    """ "已按《…就业见习…通知》享受见习补贴的人员，不得申请本办法补贴" (a 吸纳就业 policy) quotes the 见习
    policy's title: asked "见习补贴咋报", the 见习 clause ranked first leads (blind27)."""
    from bot.actions.answer import lead_sentences

    hits = [
        {
            "policy_id": "T-JX",
            "text": "见习人员在见习期间不属于劳动关系，见习基地不得就同一人员同时申请吸纳就业补贴。"
            "见习人员被留用并签订劳动合同后，用人单位可按《某区鼓励企业吸纳重点群体就业的实施办法》申请。",
        },
        {
            "policy_id": "T-XN",
            "text": "第六条 已按《某区关于做好高校毕业生就业见习工作的通知》享受见习补贴的人员，"
            "在见习期间不得申请本办法补贴。",
        },
    ]
    leads = lead_sentences("见习补贴怎么报", hits, ["procedure"])
    assert leads[0][1] == 0


def _clause(clause: str, text: str) -> dict:
    return {
        "policy_id": "QH-S-001",
        "title": "青禾县商贸企业入库奖励办法",
        "doc_no": "青商〔2025〕2号",
        "issuer": "青禾县商务局",
        "clause": clause,
        "text": text,
        "expired": False,
        "valid_until": None,
    }


def test_asked_for_a_reward_the_threshold_it_is_paid_above_does_not_lead() -> None:
    """blind46: "开超市的，今年营业额过了五百万进了限上，有奖励吗" was answered "零售业年主营业务收入500万元
    以上。" — the entry threshold, whose figure reads like a sum paid."""
    hits = [
        _clause(
            "第三条", "第三条 入库标准。批发业年主营业务收入2000万元以上；零售业年主营业务收入500万元以上。"
        ),
        _clause(
            "第四条",
            "第四条 奖励标准。新入库的批发、零售企业一次性奖励5万元，住宿、餐饮企业一次性奖励3万元。"
            "入库后连续两年保持在库且年销售额（营业额）增长10%以上的，再奖励2万元。",
        ),
    ]

    answer = compose_answer(
        "开超市的，今年营业额过了500万进了限上，有奖励吗", {"answerable": True, "hits": hits}
    )

    assert answer.text.startswith("奖励标准：新入库的批发、零售企业一次性奖励5万元")
    assert answer.citations[0]["clause"] == "第四条"


def test_asked_how_much_a_minimum_investment_said_before_the_sum_does_not_lead() -> None:
    """Front-door check (blind38): "能补多少" after a 技改 case led with "项目生产性设备投资…不低于500万
    元"."""
    hits = [
        {**_clause("第三条", "第三条 项目生产性设备投资不低于500万元。"), "score": 0.9},
        {**_clause("第四条", "第四条 按设备投资额的8%给予补助，单个项目最高不超过200万元。"), "score": 0.5},
    ]

    answer = compose_answer("设备投了1500万，能补多少", {"answerable": True, "hits": hits})

    assert answer.text.startswith("按设备投资额的8%给予补助，单个项目最高不超过200万元")


def test_asked_for_a_reward_the_policys_clause_on_what_it_pays_answers_when_the_threshold_ranked_first() -> (
    None
):
    hits = [
        {**_clause("第三条", "第三条 入库标准。零售业年主营业务收入500万元以上。"), "score": 0.9},
        {**_clause("第四条", "第四条 奖励标准。新入库的零售企业一次性奖励5万元。"), "score": 0.2},
    ]

    answer = compose_answer("超市营业额过了500万进了限上，有奖励吗", {"answerable": True, "hits": hits})

    assert "一次性奖励5万元" in answer.text.splitlines()[0]
    assert answer.citations[0]["clause"] == "第四条"


def test_asked_when_the_money_arrives_the_sentence_on_paying_it_out_leads() -> None:
    """blind44: "钱啥时候到账" after 首贷贴息 was answered with the application window, and from the clause
    on the procedure with its first sentence on handing in papers, not the one on paying out."""
    hits = [
        _clause(
            "六、",
            "六、办理流程。企业向放款银行提交申报材料，银行初审后报区金融中心审核，审核结果公示5个工作日。"
            "区财政局在公示结束后30个工作日内将贴息资金直接拨付至企业账户。",
        ),
    ]

    answer = compose_answer(
        "钱啥时候到账", {"answerable": True, "hits": hits}, focus=["procedure", "deadline"]
    )

    assert answer.text.startswith("区财政局在公示结束后30个工作日内将贴息资金直接拨付至企业账户")


def test_asked_how_much_a_sum_the_policy_will_not_pay_on_does_not_lead() -> None:
    """blind46 (make run): "首贷贴息能贴多少" was answered "单户贷款金额超过1000万元的部分不予贴息。"."""
    hits = [
        {**_clause("二、（三）", "（三）单户贷款金额超过1000万元的部分不予贴息。"), "score": 0.9},
        {**_clause("二、（一）", "（一）按实际支付利息的50%给予贴息，单户年度最高50万元。"), "score": 0.3},
    ]

    answer = compose_answer("首贷贴息能贴多少", {"answerable": True, "hits": hits})

    assert answer.text.startswith("按实际支付利息的50%给予贴息")


def test_a_sentence_wrapped_across_lines_is_quoted_whole() -> None:
    """A clause hard-wrapped in the Markdown had been quoted "…或登记失业人员，。"."""
    text = "第一条 补贴对象为新招用高校毕业生或登记失业人员，\n与其签订1年以上劳动合同的企业。"
    assert sentences(text) == ["补贴对象为新招用高校毕业生或登记失业人员，与其签订1年以上劳动合同的企业。"]
    listed = "申报材料：\n1. 申请表；\n2. 营业执照复印件。"
    assert sentences(listed) == ["申报材料：1. 申请表；2. 营业执照复印件。"]


def test_a_revenue_stated_is_answered_with_the_tier_it_reaches_after_what_the_tiers_are_of() -> None:
    """blind85: "总部企业的落户奖励" then "我们营收三十多个亿呢" quoted the 10亿 tier of "…达到10亿元的，给予
    一次性落户奖励100万元；达到30亿元的，给予300万元" — the 30亿 one applies, and is read after the
    sentence that says what it is a tier of."""
    from bot.actions.answer import lead_sentences

    first = "经认定的总部企业，上年度营业收入达到10亿元的，给予一次性落户奖励100万元；"
    hits = [{"policy_id": "HQ", "clause": "第五条", "text": f"第五条 {first}达到30亿元的，给予300万元。"}]

    leads = [s for s, _ in lead_sentences("总部企业营收三十多个亿，落户奖励多少", hits, ["amount"])]
    assert leads == [first, "达到30亿元的，给予300万元。"]
    assert [s for s, _ in lead_sentences("总部企业营收十五亿，落户奖励多少", hits, ["amount"])] == [first]


@pytest.mark.parametrize(
    ("question", "grade"),
    [
        ("景区新评上3A奖多少", "3A级"),
        ("景区评上4A奖多少", "4A级"),
        ("评上AAAAA级景区奖多少", "5A级"),
        ("我们在天门的景区刚评上四A 有奖励吗", "4A级"),  # blind117: the 5A sentence led
    ],
)
def test_a_grade_in_letters_is_answered_with_its_own_tier(question: str, grade: str) -> None:
    """blind33: "景区新评上3A奖多少" was answered with the 5A sentence — the clause writes "3A级", the
    question "3A", and the tiers were compared as written."""
    from bot.actions.answer import lead_sentences

    text = (
        "（一）新评定为国家5A级旅游景区的，一次性奖励300万元；新评定为4A级的，奖励100万元；"
        "新评定为3A级的，奖励20万元。"
    )
    hits = [{"policy_id": "BY", "clause": "三、（一）", "text": text}]

    (lead, _), *_ = lead_sentences(question, hits, ["amount"])
    assert grade in lead


def test_asked_whether_an_old_policy_still_applies_the_sentence_repealing_it_answers() -> None:
    """blind87 through make run: "以前那个人才安居暂行办法还能用吗" was answered "本办法自2026年8月1日起施行，
    有效期3年" — the next sentence, repealing the old policy, scored nothing, its title being quoted."""
    from bot.actions.answer import lead_sentences

    starts = "本办法自2026年8月1日起施行，有效期3年。"
    repeals = "《麻章区人才安居补贴暂行办法》（麻府办〔2024〕6号）同时废止；"
    text = f"第十条 {starts}{repeals}此前已批准的补贴继续发放。"
    hits = [{"policy_id": "N", "clause": "第十条", "text": text}]

    old = lead_sentences("以前那个人才安居暂行办法还能用吗", hits, ["validity"])
    assert [s for s, _ in old] == [starts, repeals]
    assert [s for s, _ in lead_sentences("新办法有效期多久", hits, ["validity"])] == [starts]
