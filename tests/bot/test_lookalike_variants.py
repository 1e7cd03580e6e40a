"""A variant of the last question about a case the policy discussed leaves out in so many words
("那要是我们食品公司上的深加工生产线呢" after an agricultural-equipment subsidy that excludes such lines)
moves to the look-alike policy that covers it, quoting the exclusion; with no such policy, the
exclusion itself answers. Real index of tests/bot/corpus_lookalike, built by ``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.respond import respond
from bot.actions.state import State

from .conftest import index_of, loaded_index

CORPUS = Path(__file__).parent / "corpus_lookalike"
AGRI = ("JM-V-001", "即墨区农业生产设施设备购置补助办法")
E_COMMERCE = ("JM-V-003", "即墨区特色农产品电商销售补贴办法")
WORKSHOP = ("JM-V-004", "即墨区数字化车间认定补助实施细则")
FIRST_LOAN = ("JM-V-006", "即墨区小微企业首次贷款贴息办法")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("lookalike-index"))


def _ask(index, text: str, policy: tuple[str, str]):
    state = State(policy_id=policy[0], policy_title=policy[1], last_question="有补助吗", aspects=("amount",))
    return respond(index, text, state, intent="ask_policy", resolve_zone=lambda _said: None)


def test_a_variant_the_policy_excludes_moves_to_the_policy_that_covers_it(index) -> None:
    answer, state = _ask(index, "那要是我们食品公司上的深加工生产线呢，设备投了六百万？", AGRI)

    cited = [c["policy_id"] for c in answer.citations]
    assert list(dict.fromkeys(cited)) == ["JM-V-002", "JM-V-001"]  # the 技改 policy first, the exclusion last
    assert "按生产性设备投资额的8%给予补助" in answer.text.splitlines()[0]
    assert "工业企业的食品深加工生产线不在本办法补助范围内" in answer.text  # why it moved
    assert state.policy_id == "JM-V-002"  # "这个啥时候截止" is then asked of the 技改 policy


def test_a_variant_the_policy_excludes_with_nothing_else_is_told_the_exclusion(index) -> None:
    answer, state = _ask(index, "那要是卖葡萄酒的呢？", E_COMMERCE)

    assert "葡萄酒、白酒等酒类产品不在补贴范围内" in answer.text.splitlines()[0]
    assert [c["policy_id"] for c in answer.citations] == ["JM-V-003"]
    assert state.policy_id == "JM-V-003"


def test_a_variant_the_policy_covers_stays_on_it(index) -> None:
    answer, state = _ask(index, "那要是家庭农场呢？", AGRI)

    assert answer.citations[0]["policy_id"] == "JM-V-001" and state.policy_id == "JM-V-001"


def test_a_variant_on_the_policy_another_one_names_by_title_moves_to_that_policy(index) -> None:
    # the 数字化车间 rules name 《即墨区智能工厂建设奖励办法》 (相衔接): a whole factory is that
    # policy's case, though the words the question shares with the 数字化车间 rules are that title's
    answer, state = _ask(index, "那要是整个厂评上智能工厂呢", WORKSHOP)

    assert answer.citations[0]["policy_id"] == "JM-V-005"
    assert "100万元" in answer.text.splitlines()[0]
    assert state.policy_id == "JM-V-005"


def test_a_follow_up_whose_case_the_policy_discussed_refers_elsewhere_is_answered_there(index) -> None:
    # the 首贷 rules send 应急转贷 to 《即墨区应急转贷资金管理办法》: the fee is that policy's to say
    answer, state = _ask(index, "还有，贷款到期周转不开用过桥资金，占用费怎么收", FIRST_LOAN)

    assert answer.citations[0]["policy_id"] == "JM-V-007"
    assert "万分之一点五" in answer.text.splitlines()[0]
    assert state.policy_id == "JM-V-007"


TRAINEES = """---
id: JM-W-001
title: 即墨区就业见习补贴实施细则
issuer: 即墨区人力资源和社会保障局
doc_no: 即人社〔2025〕9号
issued: 2025-03-01
zones: all
---
第一条 见习对象为离校2年内未就业的高校毕业生，以及16至24岁登记失业青年。

第二条 见习单位按每人每月1500元标准领取见习补贴，见习期最长12个月。
"""
HIRING = """---
id: JM-W-002
title: 即墨区吸纳就业补贴办法
issuer: 即墨区人力资源和社会保障局
doc_no: 即人社〔2025〕10号
issued: 2025-03-01
zones: all
---
第一条 用人单位招用离校2年内高校毕业生或就业困难人员，签订1年以上劳动合同的，可按本办法申请补贴。

第二条 一次性吸纳就业补贴：每招用1名高校毕业生给予2000元；每招用1名就业困难人员给予3000元。

第三条 处于就业见习期的人员，按《即墨区就业见习补贴实施细则》享受见习补贴，不得同时申领本办法补贴。
"""


@pytest.fixture(scope="module")
def hiring_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "hiring", {"JM-W-001": TRAINEES, "JM-W-002": HIRING})


def test_a_variant_the_policy_pays_for_itself_stays_though_it_names_the_lookalike_by_title(
    hiring_index,
) -> None:
    """blind41: "那招应届生呢" after 吸纳就业 went to the 见习 policy, which the 吸纳就业 policy names by
    title — but it pays for 高校毕业生 itself."""
    answer, state = _ask(hiring_index, "那招应届生呢", ("JM-W-002", "即墨区吸纳就业补贴办法"))

    assert answer.citations[0]["policy_id"] == "JM-W-002"
    assert "2000元" in answer.text
    assert state.policy_id == "JM-W-002"


PARK = """---
id: JM-P-001
title: 即墨区新材料产业园发展扶持办法
issuer: 即墨区新材料产业园管委会
doc_no: 即园管〔2025〕3号
issued: 2025-04-01
zones: all
---
第一条 产值奖励。园区企业年产值首次突破1亿元的，一次性奖励20万元。

第二条 设备投资补助。园区企业新增生产性设备投资500万元以上的，按设备投资额的6%给予补助，单个项目最高150万元。

第三条 同一项目已享受《即墨区工业企业技术改造奖补办法》技术改造补助的，不得再申报本办法设备投资补助。
"""
UPGRADE = """---
id: JM-P-002
title: 即墨区工业企业技术改造奖补办法
issuer: 即墨区工业和信息化局
doc_no: 即工信〔2025〕9号
issued: 2025-03-01
zones: all
---
第一条 设备补助。规上工业企业技术改造设备投资200万元以上的，按投资额的8%给予设备补助，最高200万元。

第二条 设备补助于每年5月31日前向区工业和信息化局申报，资金在审核后30个工作日内拨付。
"""


@pytest.fixture(scope="module")
def park_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "park", {"JM-P-001": PARK, "JM-P-002": UPGRADE})


def test_a_variant_the_policy_pays_for_under_a_longer_word_stays_on_it(park_index) -> None:
    """blind59: "那设备补助呢" after a park's output award went to the 技改 policy the park's rules name by
    title, though they pay for 设备投资 themselves (设备 is said as the start of 设备投资)."""
    answer, state = _ask(park_index, "那设备补助呢", ("JM-P-001", "即墨区新材料产业园发展扶持办法"))

    assert answer.citations[0]["policy_id"] == "JM-P-001"
    assert "按设备投资额的6%给予补助" in answer.text
    assert state.policy_id == "JM-P-001"


BRIDGING = """---
id: JM-Q-001
title: 即墨区中小企业应急转贷资金管理办法
issuer: 即墨区财政局
doc_no: 即财〔2026〕5号
issued: 2026-02-01
zones: all
---
第一条 企业贷款到期续贷前资金周转困难的，可申请使用应急转贷资金，单户单次最高1000万元，期限不超过10天。

第二条 资金使用费按日0.1‰收取；经认定的专精特新中小企业、高新技术企业按日0.05‰收取。
"""
SPECIALISED = """---
id: JM-Q-002
title: 即墨区专精特新中小企业奖励办法
issuer: 即墨区工业和信息化局
doc_no: 即工信〔2025〕8号
issued: 2025-05-01
zones: all
---
第一条 为培育专精特新中小企业，制定本办法。

第二条 新认定为省级专精特新中小企业的，一次性奖励30万元。

第三条 新认定为国家级专精特新"小巨人"企业的，一次性奖励100万元。

第四条 专精特新中小企业复核通过的，奖励5万元。

第五条 专精特新企业奖励每年3月集中申报，由区工业和信息化局受理。
"""


@pytest.fixture(scope="module")
def bridging_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "bridging", {"JM-Q-001": BRIDGING, "JM-Q-002": SPECIALISED})


def test_a_variant_saying_what_the_firm_is_is_asked_of_the_policy_discussed(bridging_index) -> None:
    """blind82: "那我们是专精特新企业呢" after the bridging-loan fee went to the 专精特新 award policy,
    though the fee clause charges 专精特新 firms less."""
    answer, state = _ask(
        bridging_index, "那我们是专精特新企业呢", ("JM-Q-001", "即墨区中小企业应急转贷资金管理办法")
    )

    assert answer.citations[0]["policy_id"] == "JM-Q-001"
    assert "0.05‰" in answer.text
    assert state.policy_id == "JM-Q-001"


SCENIC = """---
id: JM-G-001
title: 即墨区文化旅游产业高质量发展奖补办法
issuer: 即墨区文化和旅游局
doc_no: 即文旅〔2025〕6号
issued: 2025-03-01
zones: all
---
第一条 本办法适用于在本区注册的旅游景区运营企业、旅行社和民宿经营者。

第二条 景区创建奖励：新评为国家5A级旅游景区的，奖励200万元；新评为国家4A级旅游景区的，奖励50万元；
新评为国家3A级旅游景区的，奖励20万元。
"""
LOGISTICS = """---
id: JM-G-002
title: 即墨区现代物流业发展扶持办法
issuer: 即墨区发展和改革局
doc_no: 即发改〔2025〕9号
issued: 2025-03-01
zones: all
---
第一条 本办法适用于在本区注册的物流企业。

第二条 A级物流企业奖励：首次被评为国家5A级物流企业的，奖励30万元；4A级的，奖励15万元；3A级的，奖励5万元。
"""


@pytest.fixture(scope="module")
def grades_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "grades", {"JM-G-001": SCENIC, "JM-G-002": LOGISTICS})


def test_another_grade_in_letters_is_asked_of_the_policy_discussed(grades_index) -> None:
    """blind117: "那要是评上3A呢" after a scenic area's 四A reward went to the logistics policy, which also
    pays 3A级 firms — a grade of the programme discussed, which that policy pays for itself."""
    answer, state = _ask(grades_index, "那要是评上3A呢", ("JM-G-001", "即墨区文化旅游产业高质量发展奖补办法"))

    assert answer.citations[0]["policy_id"] == "JM-G-001"
    assert "20万元" in answer.text.split("依据")[0]
    assert state.policy_id == "JM-G-001"
