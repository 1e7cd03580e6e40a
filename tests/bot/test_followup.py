"""Reading a message for what it leans on: its own subject, variants, pointers back, several questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.commands import asks_own_question, is_check_request, is_question
from bot.actions.facts import asks_something, describe, firm_facts, question_part
from bot.actions.followup import (
    asks_if_covered,
    is_variant,
    own_content,
    refers_back,
    split_questions,
    without_opener,
)
from bot.actions.question_shape import ASPECT_WORDS, MIN_SUBJECT, asks_if_it_applies_there
from bot.actions.retrieval import search_or_refusal
from bot.actions.topics import find_topic


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("要交啥材料，找哪个科室", ""),
        ("申报时间是几月份", ""),
        ("一共能补多少", ""),  # blind57: 一共 was taken for a subject of its own and nothing was found
        ("用不用我们自己去申请？钱一般啥时候能到", ""),
        ("那高级技师呢", "高级技师"),
        ("另外问一下，创业担保贷款最多能贷多少", "创业担保贷最多贷"),
    ],
)
def test_own_subject_is_what_is_left_without_filler_and_aspect_words(text: str, subject: str) -> None:
    assert own_content(text, ASPECT_WORDS) == subject
    assert (len(subject) >= MIN_SUBJECT) is bool(subject)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("高企首次认定奖多少，专精特新认定又奖多少", ["高企首次认定奖多少，", "专精特新认定又奖多少"]),
        ("用不用我们自己去申请？钱一般啥时候能到", ["用不用我们自己去申请？", "钱一般啥时候能到"]),
        # Facts stay with the question that follows them; a bare 请问 is not a question of its own.
        ("我们在银行贷了一年期流动资金，利息能补吗", ["我们在银行贷了一年期流动资金，利息能补吗"]),
        ("请问，高企奖励多少", ["请问，高企奖励多少"]),
        # "十几个人" is a size, not a question ("几" asks only on its own: 几月, 几个)
        (
            "我们是小微企业，十几个人，通过担保公司贷了三百万，担保费能补吗",
            ["我们是小微企业，十几个人，通过担保公司贷了三百万，担保费能补吗"],
        ),
    ],
)
def test_a_message_is_cut_into_the_questions_it_asks(text: str, parts: list[str]) -> None:
    from bot.actions.question_shape import asks_a_question as _asks

    assert split_questions(text, _asks) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # blind67: the case a variant names, then the question on it, had been two questions
        ("那职工去考证请的这几天假，工资企业得照发吗？", ["那职工去考证请的这几天假，工资企业得照发吗？"]),
        ("那现在新的是哪个文件，补多少", ["那现在新的是哪个文件，", "补多少"]),  # each asks
    ],
)
def test_a_variant_asking_nothing_itself_is_the_case_of_the_question_after_it(
    text: str, parts: list[str]
) -> None:
    from bot.actions.question_shape import asks_a_question, variant_with_its_case

    assert variant_with_its_case(split_questions(text, asks_a_question)) == parts


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "我们公司二十来人，去年营收八百万，是小规模纳税人，六税两费能减半吗？",
            "是小规模纳税人，六税两费能减半吗？",
        ),
        ("我们厂有1.2个亿的产值，50来人，设备更新能补多少", "设备更新能补多少"),
        ("成立五年了，高企奖励多少", "高企奖励多少"),
        # what says more than the firm's size stays: a place, a trade, a threshold asked about
        (
            "我们是做软件的，在环秀街道，六十来个人，区里有没有奖励",
            "我们是做软件的，在环秀街道，区里有没有奖励",
        ),
        ("营收过两千万能申请吗", "营收过两千万能申请吗"),
        ("八十来号人", "八十来号人"),
        # 营业额 is a size too (blind44)
        ("我们厂规下，去年营业额一千五百万左右，设备更新能补多少", "我们厂规下，设备更新能补多少"),
    ],
)
def test_the_question_is_read_without_the_firms_size(text: str, question: str) -> None:
    assert question_part(text) == question


def test_variants_and_pointers_back() -> None:
    assert is_variant("那高级技师呢") and is_variant("首贷户呢？") and not is_variant("高企奖励多少")
    assert refers_back("我们去年裁了两个人还能享受不") and not refers_back("专利授权有没有资助")
    assert asks_something("拖久了还能报不") and asks_something("明天下不下雨") and asks_something("有补贴没")
    assert asks_something("光设备就三百二十万，区里这块有钱补没得")  # 没得: 没有, as said in 贵州 (blind47)
    # blind132: the question first, then the firm's size ("…能减免不 我们公司三十来个人") was only noted
    assert asks_something("残保金今年能减免不 我们公司三十来个人")
    assert asks_something("残保金今年能减免不，我们公司三十来个人")
    assert not asks_something("我们效益不好，人也不多") and not asks_something("钱还没 到账")
    assert not asks_something("我们在蓝村街道")
    # a choice asked without a question mark is a question; "还是" alone ("还是没解决") is not
    assert asks_something("个体户经营所得减半，是按全年算还是按季度算")
    assert not asks_something("打电话过去还是没人理")
    # 几 asks on its own, not inside a number said roughly
    assert asks_something("一般几月份报") and asks_something("要几个人")
    assert (
        not asks_something("我们十几个人")
        and not asks_something("投了几十万")
        and not asks_something("好几家")
        and not asks_something("那职工去考证请的这几天假")  # blind67
        and not asks_something("最近几个月订单少")
    )
    assert asks_something("要提前几天申请")


def test_firm_facts_are_read_as_firms_state_them() -> None:
    facts = firm_facts(
        "我们是做软件的，公司25个人，产品今年评上了省级首版次高端软件，有钱拿吗？", lambda _t: None
    )
    assert facts == {
        "industry": "软件",
        "employees": "25",
        "events": ["省级首版次高端软件"],
        "said": ["产品今年评上了省级首版次高端软件"],  # the statement, for the firm's profile
    }
    assert firm_facts("我们在蓝村", {"我们在蓝村": "蓝村街道"}.get) == {"zone": "蓝村街道"}


def test_a_request_naming_a_place_says_nothing_of_where_the_firm_is() -> None:
    """blind58: "帮我写首诗夸夸团泊湖" (a lake of 团泊镇) got "好的，已记下贵公司在团泊镇"."""
    resolve = {"帮我写首诗夸夸团泊湖": "团泊镇", "团泊湖这边的": "团泊镇"}.get

    assert firm_facts("帮我写首诗夸夸团泊湖", resolve) == {}
    assert firm_facts("团泊湖这边的", resolve) == {"zone": "团泊镇"}


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("我们是松坪镇的茶叶加工厂，自己有二十几个工人，能报设备补贴吗", "松坪镇"),
        ("咱是高新区这边的，研发费用有补助没", "云岭高新区"),
        ("我们是做茶叶加工的，想问问松坪镇那个电商奖励", None),  # a place asked about, not the firm's
    ],
)
def test_a_firm_saying_which_zone_it_belongs_to_gives_its_zone(text: str, zone: str | None) -> None:
    resolve = {"松坪镇": "松坪镇", "高新区": "云岭高新区"}.get

    assert firm_facts(text, resolve).get("zone") == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        # a front-door check (blind41): the answer asked for the zone the firm had just given
        ("做民宿的，在毛坦厂镇开了家十二间房的民宿", "毛坦厂镇"),
        ("在毛坦厂镇租了个厂房做茶叶加工", "毛坦厂镇"),
        ("我们想在网上开个店，毛坦厂镇那个电商奖励怎么申请", None),  # a place asked about
        # blind62: a clause saying only where, after a question on a zone-limited policy, was not read
        ("在毛坦厂镇西大庄科村，两个院子，入住率四成多", "毛坦厂镇"),
        ("毛坦厂镇的民宿补贴在哪申请，要带什么", None),
        # blind63: what of the firm stands there, between the firm and 在, had hidden the zone
        ("我们楼宇在毛坦厂镇卫零路那边，第一年房租能补多少", "毛坦厂镇"),
        ("公司的厂房在毛坦厂镇工业园，买设备有补助吗", "毛坦厂镇"),
        ("现在毛坦厂镇工业园的厂房租金有补贴吗", None),  # the 在 of 现在
        # blind87: the building just spoken of, pointed at ("那栋楼"), had been taken for "那…" asking again
        ("那栋楼在毛坦厂镇卫零路旁边，汽车站过去一点", "毛坦厂镇"),
        ("我们那个孵化器在毛坦厂镇东山大道那边", "毛坦厂镇"),
        ("那个补贴在毛坦厂镇也能申请吗，要带什么材料", None),  # a benefit pointed at, not premises
        # blind123: where the firm has just moved in was not read, and the zone asked again
        ("我们是做电子元件的小厂，刚搬进毛坦厂镇的小微企业园，租了一千平米厂房，能享受啥", "毛坦厂镇"),
        ("去年入驻了毛坦厂镇电商产业园，房租能补吗", "毛坦厂镇"),
    ],
)
def test_where_the_firm_set_up_what_it_runs_gives_its_zone(text: str, zone: str | None) -> None:
    def resolve(said: str) -> str | None:
        return "毛坦厂镇" if "毛坦厂镇" in said else None

    assert firm_facts(text, resolve).get("zone") == zone


def test_topics_come_from_the_shared_domain_dictionary() -> None:
    assert find_topic("高企奖励多少") == "高企"
    assert find_topic("研发费用加计扣除怎么弄") == "研发费用加计扣除"
    # Words any policy uses are not a topic of their own.
    assert find_topic("需要什么申报材料，咨询电话多少") is None


@pytest.mark.parametrize("terms", [("应急转贷", "首贷贴息"), ("首贷贴息", "应急转贷")])
def test_of_two_topics_named_equally_long_the_first_named_is_the_topic(terms: tuple[str, ...]) -> None:
    # The thread followed next must not depend on the order a set happened to iterate in.
    assert find_topic("首贷贴息和应急转贷能用在同一笔贷款上吗", terms) == "首贷贴息"
    assert find_topic("应急转贷和首贷贴息能一起用吗", terms) == "应急转贷"


@pytest.mark.parametrize(
    ("text", "intent", "question"),
    [
        ("好的，转吧", "affirm", False),
        ("嗯嗯", "affirm", False),
        ("可以吗", "affirm", False),
        ("不用转人工了", "deny", False),
        ("/request_lawyer", "request_lawyer", False),
        ("帮我转人工可以吗", "request_lawyer", False),
        ("找律师，我们的技改补贴被退回了想问问是什么原因", "request_lawyer", False),
        ("我们明明符合条件，区里就是不给发补贴", "complain_rights", False),
        ("想预约一下法律体检", "book_checkup", False),
        ("我要投诉，区里为什么一直不兑现", "complain_rights", False),
        ("法律体检怎么预约", "book_checkup", True),
        ("律师免费审合同一年几份", "request_lawyer", True),
        ("部门推委扯皮政策一直不兑现，去哪里投诉", "complain_rights", True),
        ("钱多久能兑现", "complain_rights", True),
        ("钱要不要退", "deny", True),
        ("好的，那要交什么材料", "affirm", True),
        ("IPO材料被受理了，区里有奖励吗", "complain_rights", True),
        ("去德国参展，摊位费区里能报多少？", "book_checkup", True),
        ("高企奖励多少", "ask_policy", True),
        # a guess asked to be confirmed (blind47: taken for "yes", answered "好的。还有什么想了解的政策吗？")
        ("出口信保的保费，区里是补一半对吧", "affirm", True),
        ("首贷贴息是按一年算的是吧", "affirm", True),
        ("好的，对", "affirm", False),
    ],
)
def test_a_command_intent_is_a_command_only_when_the_message_asks_nothing_else(
    text: str, intent: str, question: bool
) -> None:
    assert is_question(text, intent, ASPECT_WORDS) is question


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("我能享受哪些政策", True),
        ("我们能拿什么补贴", True),
        ("公司有什么政策可以享受", True),
        ("有没有适合我们的政策", True),
        ("屋顶光伏补贴能拿几年", False),
        ("哪些企业找担保公司贷款的费用可以让政府补", False),
        # who the firm is does not make it a question of its own; a situation or 免申即享 does
        ("我们是做跨境电商的，八十来号人，能享受哪些政策", True),
        ("我们是高新技术企业，能享受什么政策", True),
        ("小公司跟大公司组联合体去投政府的标，有什么优惠", False),
        ("哪些补贴是不用企业自己申请就能直接拿到的", False),
        # a qualification or an event with a kind of benefit asks about that benefit, not the policies
        ("对了，我们还有两个残疾职工，能有啥奖励", False),
        ("我们今年招了5个应届生，能拿什么补贴", False),
        ("我们这种企业能享受哪些补贴", True),
        ("我们公司能申请哪些补贴", True),
        # typed with spaces for commas, the firm's own project is still a situation (blind107: the check
        # asked "贵公司主要做什么行业" instead of answering on 数字化车间)
        ("我们是胜利路的一家汽配厂 今年给车间上了MES系统 还在申报市级数字化车间 能享受啥补贴", False),
        ("我们是做软件的 去年评上了高企 能享受哪些政策", True),
    ],
)
def test_the_guided_check_is_asked_for_by_which_policies(text: str, check: bool) -> None:
    assert is_check_request(text) is check


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("没用啊", False),
        ("你说的不对吧", False),
        ("四川的算力券今年没用完能留到明年用吗", True),
        ("屋顶光伏补贴能拿几年", True),
    ],
)
def test_a_question_of_its_own_names_a_subject(text: str, question: bool) -> None:
    assert asks_own_question(text, ASPECT_WORDS) is question


@pytest.mark.parametrize(
    ("text", "revenue"),
    [
        ("我们厂120个人，去年营收大概3个亿，是规上", "3亿"),  # blind45: not kept
        ("我们是个体户开饭店，一年营业额230万", "230万"),
        ("去年营收八百万", "八百万"),
    ],
)
def test_the_firms_revenue_is_kept_as_said(text: str, revenue: str) -> None:
    assert firm_facts(text, lambda _t: None).get("revenue") == revenue


def test_facts_are_described_as_the_firm_said_them() -> None:
    facts = firm_facts("那做软件的公司呢？营收也过两千万了", lambda _t: None)
    assert facts == {"industry": "软件", "revenue": "两千万"}
    assert (
        describe({**facts, "employees": "25", "events": ["省级专精特新"]})
        == "做软件的、营收两千万、25人、省级专精特新"
    )


def test_only_particles_after_a_word_of_winning_are_no_event() -> None:
    # "又评上的呢" asks about a later round; "按贵公司的情况（的呢）" headed its answer
    assert "events" not in firm_facts("证书到期以后又评上的呢", lambda _t: None)
    assert firm_facts("今年刚评上专精特新了", lambda _t: None)["events"] == ["专精特新"]


@pytest.mark.parametrize(
    "text",
    [
        "那要是评上自治区级智能工厂呢",  # supposed: "按贵公司的情况（自治区级智）" headed its answer
        "那个证书拿到后多久要申请",  # a question after 拿到
        "高新技术企业重新认定的奖励多少钱啊，就是三年到期了又评上的那种",
        "物流企业评上等级又奖多少",
        "一个人一个月区里补多少",  # per person, not the firm's headcount
        "招一个一级残疾的算两个人吗",
    ],
)
def test_what_a_firm_asks_or_supposes_is_not_its_case(text: str) -> None:
    facts = firm_facts(text, lambda _t: None)
    assert "events" not in facts and "employees" not in facts


def test_a_qualification_won_is_named_whole() -> None:
    assert firm_facts("今年评上省级智能工厂了有奖励吗", lambda _t: None)["events"] == ["省级智能工厂"]
    assert firm_facts("公司三十多个人能报吗", lambda _t: None)["employees"] == "三十"


def test_when_retrieval_abstains_only_a_small_pointer_back_stays_on_the_policy_discussed(
    bot_index_dir: Path,
) -> None:
    """A pointer back at length stays only when the policy says all it asks about (it never says 断缴)."""
    from bot.actions.stays_on_policy import stays_on_current as _stays
    from policy_index import PolicyIndex

    index = PolicyIndex.load(bot_index_dir, corpus_dir=Path(__file__).parent / "corpus")
    abstained = {"hits": [{"policy_id": "JM-T-001"}], "answerable": False}
    assert not _stays(index, "员工社保断缴了还能补缴吗", abstained, "JM-T-001", small=False)
    assert _stays(index, "这个还能享受不", abstained, "JM-T-001", small=True)
    assert not _stays(index, "多久审完", abstained, "JM-T-001", small=True)  # no pointer: the aspect path


@pytest.mark.parametrize(
    ("text", "measure_only"),
    [
        ("能补几年", True),
        ("一年最多贴多少", True),
        ("多少天能批下来", True),
        ("材料几月份之前交", True),
        # a topic of its own, or no measure asked
        ("高企认定奖多少", False),
        ("创业担保贷款最多能贷多少", False),
        ("明天会下雨吗", False),
    ],
)
def test_a_question_asking_only_how_much_or_when_names_no_topic(text: str, measure_only: bool) -> None:
    from bot.actions.question_shape import asks_measure_without_topic

    assert asks_measure_without_topic(text) is measure_only


@pytest.mark.parametrize(
    ("text", "applies_there"),
    [
        ("我们厂子选址在南村镇，能享受不？", True),
        ("我们在平度经济开发区，能享受不？", True),
        ("公司在李园街道青岛路8号，这个政策我们能用不", True),
        ("我们在南村镇，钱啥时候到", True),
        ("我们在南村镇，有啥补贴？", False),  # which benefits there are: a new question
        ("我们想在南村镇建厂，能享受不？", False),  # a plan, not where the firm is
        ("能享受不？", False),  # no place said
    ],
)
def test_a_place_stated_before_a_subjectless_question_asks_whether_the_policy_applies_there(
    text: str, applies_there: bool
) -> None:
    assert asks_if_it_applies_there(text) is applies_there


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("去的人机票住宿能报吗？", True),
        ("特装搭建费算不算", True),
        ("利息谁出？", True),
        ("利息谁来承担", True),
        ("这个政策什么时候截止", False),
        ("明天会下雨吗", False),
    ],
)
def test_asking_what_the_benefit_covers_or_who_bears_it(text: str, covered: bool) -> None:
    assert asks_if_covered(text) is covered


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("想预约一下法律体检", True),
        ("帮我们公司做个合规审查", True),
        # a programme's own check is the subject of a policy question (blind99: the lawyers' form was
        # started on "我们自己请机构给厂里做了一遍清洁生产体检 也验收过了 有奖吗")
        ("我们自己请机构给厂里做了一遍清洁生产体检 也验收过了 有奖吗", False),
        ("做了清洁生产审核，能补多少", False),
        ("安全生产检查没过会取消补贴吗", False),
    ],
)
def test_a_check_up_booking_is_said_only_of_the_lawyers_check_up(text: str, says: bool) -> None:
    from bot.actions.commands import says_the_request

    assert says_the_request(text, "book_checkup") is says


@pytest.mark.parametrize(
    ("text", "searched"),
    [
        ("对了，招残疾人有补贴吗", "招残疾人有补贴吗"),
        ("另外问下，招了几个应届生，社保能补不", "招了几个应届生，社保能补不"),
        ("对了 我们有个员工考了高级电工证 有补贴吗", "我们有个员工考了高级电工证 有补贴吗"),
        ("还有，钱啥时候到", "钱啥时候到"),
        ("还有别的补贴吗", "还有别的补贴吗"),  # 还有 is the question here
        ("对了", "对了"),  # nothing after it
    ],
)
def test_the_words_that_open_a_message_are_not_searched(text: str, searched: str) -> None:
    # blind58: "对了，招残疾人有补贴吗" found no answerable clause where "招残疾人有补贴吗" found the
    # hiring subsidy (12 such turns across the blind districts)
    assert without_opener(text) == searched

    class Recording:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def search(self, question: str, **_options: object) -> dict:
            self.asked.append(question)
            return {"hits": []}

    index = Recording()
    search_or_refusal(index, text)
    assert index.asked == [searched]
