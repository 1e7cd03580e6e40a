"""Fixtures of the policy_index tests: a small corpus in all three body styles, the real embedding
model (loaded once per session) and one index built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

POLICIES: dict[str, str] = {
    "T-ART-001": """---
id: T-ART-001
title: 测试区高新技术企业培育奖励办法
issuer: 测试区科学技术局
doc_no: 测科发〔2025〕1号
issued: 2025-01-10
valid_until: 2099-12-31
zones: all
tags: [高新技术企业, 奖励]
---

第一章 总则

第一条 为加快培育高新技术企业，制定本办法。

第二条 本办法适用于在测试区注册的企业。

第二章 奖励标准

第三条 对首次认定的高新技术企业，给予一次性奖励20万元；重新认定的，给予奖励10万元。

第四条 申报材料包括：
1. 申请表；
2. 高新技术企业证书复印件。

第五条 本办法由区科学技术局负责解释，咨询电话0532-88000001。
""",
    "T-SEC-002": """---
id: T-SEC-002
title: 测试区失业保险稳岗返还实施方案
issuer: 测试区人力资源和社会保障局
issued: 2025-03-01
zones: all
---

为稳定就业岗位，制定本方案。

一、稳岗返还

（一）享受条件。参加失业保险并足额缴费满12个月，上年度未裁员或裁员率不高于5.5%的企业。

（二）返还标准。中小微企业按上年度实际缴纳失业保险费的60%返还，大型企业按30%返还。

二、一次性扩岗补助

对招用离校2年内未就业高校毕业生的企业，按每人1500元发放一次性扩岗补助。
1. 签订1年以上劳动合同；
2. 按月足额缴纳失业保险费。

三、联系方式

区社会保险事业中心，电话0532-88000002。
""",
    "T-PRO-003": """---
id: T-PRO-003
title: 关于组织开展2023年度展会补贴申报工作的通知
issuer: 测试区商务局
issued: 2023-02-01
valid_until: 2023-12-31
replaced_by: T-ART-004
zones: all
---

各有关企业：

为支持企业开拓国内外市场，现将2023年度展会补贴申报有关事项通知如下。

企业参加境外展会的，按展位费的50%给予补贴，单个展会最高3万元；参加国内重点展会的，按展位费的30%给予补贴。

请于2023年11月30日前将申请材料报送区商务局外贸科，电话0532-88000003。
""",
    "T-ART-004": """---
id: T-ART-004
title: 测试区支持企业参加展会办法
issuer: 测试区商务局
issued: 2024-01-01
zones: all
---

第一条 企业参加境外展会的，按展位费的60%给予补贴，单个展会最高5万元。

第二条 企业参加国内重点展会的，按展位费的40%给予补贴，单个展会最高2万元。
""",
    "T-ZON-005": """---
id: T-ZON-005
title: 测试综合保税区跨境电商海外仓扶持办法
issuer: 测试综合保税区管理委员会
issued: 2025-05-01
zones: [测试综合保税区]
tags: [跨境电商, 海外仓, 1210]
---

第一条 对在综合保税区内新设海外仓的跨境电商企业，按海外仓租金的20%给予补贴，每家每年最高50万元。

第二条 对开展保税备货进口（1210）业务的企业，按进口额每1亿元奖励10万元。
""",
    "T-PRO-006": """---
id: T-PRO-006
title: 测试区创业担保贷款贴息实施细则
issuer: 测试区人力资源和社会保障局
issued: 2025-06-01
zones: all
---

符合条件的个人创业者可申请最高30万元的创业担保贷款，小微企业可申请最高400万元，贷款期限不超过3年。对按时还款的借款人，财政按贷款合同签订日贷款市场报价利率减去150个基点以下部分给予贴息。个人创业担保贷款实行免除反担保。

借款人应在创业地登记注册，且无不良信用记录。申请时提交身份证、营业执照、创业计划书和担保机构要求的其他材料。经办银行在收到完整材料后10个工作日内完成审核，区创业担保贷款担保中心出具担保函。

贷款到期后按时还清的，可再次申请，累计次数不超过3次。借款人逾期的，停止贴息并追回已贴息资金。对经营困难且符合延期条件的借款人，可申请展期一次，展期期限不超过1年，展期期间不贴息。
""",
}


def write_corpus(folder: Path, policies: dict[str, str] = POLICIES) -> Path:
    """Write policies into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for pid, text in policies.items():
        (folder / f"{pid}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The configured real embedding model (``make model`` builds it)."""
    from huiqi.settings import get_settings

    path = get_settings().embed_model
    if not (path / "modules.json").is_file():
        pytest.skip(f"embedding model not built at {path}: run `make model`")
    return path


@pytest.fixture(scope="session")
def embedder(model_dir: Path):
    """The real sentence-transformers model, loaded once per test session."""
    from policy_index.embedding_model import load_embedder

    return load_embedder(model_dir)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, model_dir: Path, embedder) -> tuple[Path, Path]:
    """(corpus folder, index folder) of the fixture corpus, built once per session."""
    from policy_index.build import build_index

    base = tmp_path_factory.mktemp("policy_index")
    corpus = write_corpus(base / "corpus")
    out = base / "index"
    build_index(corpus, out, model_dir=model_dir, embedder=embedder, progress=False, log=lambda _m: None)
    return corpus, out


@pytest.fixture(scope="session")
def index(built: tuple[Path, Path], model_dir: Path, embedder):
    """The loaded fixture index."""
    from policy_index import PolicyIndex

    return PolicyIndex.load(built[1], model_dir=model_dir, embedder=embedder)


@pytest.fixture
def fresh_build(tmp_path: Path, built: tuple[Path, Path]) -> tuple[Path, Path]:
    """A private copy of the fixture corpus and index that a test may modify."""
    corpus = tmp_path / "corpus"
    out = tmp_path / "index"
    shutil.copytree(built[0], corpus)
    shutil.copytree(built[1], out)
    return corpus, out


@pytest.fixture
def index_with(fresh_build: tuple[Path, Path], model_dir: Path, embedder):
    """A callable: the fixture corpus plus the given policy files (Markdown with front matter), built and
    loaded — for a test that needs a policy of its own in a real index."""
    from policy_index import PolicyIndex
    from policy_index.build import build_index

    corpus, out = fresh_build

    def build(*texts: str) -> PolicyIndex:
        for text in texts:
            policy_id = text.split("id: ", 1)[1].split("\n", 1)[0].strip()
            (corpus / f"{policy_id}.md").write_text(text, encoding="utf-8")
        build_index(corpus, out, model_dir=model_dir, embedder=embedder, progress=False, log=lambda _m: None)
        return PolicyIndex.load(out, model_dir=model_dir, embedder=embedder)

    return build
