"""The editors' desk on real documents: upload (the importer), fix fields, publish, unpublish, expire,
history with diffs; bad files write nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bench.official_docs import OfficialDoc, render
from policy_index.corpus import load_corpus
from policy_index.editorial import DeskError, PolicyDesk

ROOT = Path(__file__).resolve().parents[2]
BODY = [
    "为支持企业稳定就业，制定本办法。",
    "第一条　企业新招用本区户籍劳动力满10人的，按每人2000元给予一次性吸纳就业补贴，"
    "单个企业每年最高不超过20万元。",
    "第二条　申请材料包括申请表和社会保险缴费明细，于每年6月底前报送区人力资源和社会保障局。",
    "第三条　本办法自2024年4月1日起施行，有效期至2026年12月31日。",
]


def _doc(**changes) -> OfficialDoc:
    base = {
        "title": "关于印发《崂山区吸纳就业补贴实施办法》的通知",
        "issuer": "青岛市崂山区人力资源和社会保障局",
        "body": BODY,
        "doc_no": "崂人社发〔2024〕9号",
        "issued": dt.date(2024, 3, 18),
        "valid_until": dt.date(2026, 12, 31),
    }
    return OfficialDoc(**{**base, **changes})


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docs")
    return {
        fmt: render(_doc(chinese_numerals=fmt == "pdf"), folder, "notice", fmt)
        for fmt in ("docx", "pdf", "html")
    }


@pytest.fixture
def desk(tmp_path: Path) -> PolicyDesk:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("JM-2021-206.md", "JM-2022-218.md"):
        shutil.copy(ROOT / "data" / "policies" / name, corpus / name)
    return PolicyDesk(corpus, tmp_path / "work")


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_an_upload_becomes_a_draft_with_the_fields_and_the_original(desk, documents, fmt) -> None:
    before = _files(desk.corpus_dir)
    upload = desk.upload(f"通知.{fmt}", documents[fmt].read_bytes(), "bianji")
    assert upload.error is None
    assert upload.record["id"] == "LRSF-2024-009" and upload.record["missing"] == []
    entry = desk.entry("LRSF-2024-009")
    assert entry.state == "草稿" and entry.published is None
    assert _files(desk.corpus_dir) == before  # nothing published yet
    policy = desk.policy("LRSF-2024-009")
    assert (policy.doc_no, policy.issued, policy.valid_until) == (
        "崂人社发〔2024〕9号",
        dt.date(2024, 3, 18),
        dt.date(2026, 12, 31),
    )
    assert "2000元" in desk.original_text("LRSF-2024-009")
    [version] = desk.versions("LRSF-2024-009")
    assert (version.action, version.who, version.note) == ("upload", "bianji", f"通知.{fmt}")
    assert "+title: 关于印发《崂山区吸纳就业补贴实施办法》的通知" in version.diff


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notice.txt", b"hello", "不支持的文件类型"),
        ("empty.docx", b"", "文件是空的"),
        ("broken.pdf", b"%PDF-1.4 not really a pdf", "PDF"),
        ("broken.docx", b"PK\x03\x04garbage", "docx"),
    ],
)
def test_bad_files_get_a_chinese_error_and_nothing_is_written(desk, name, data, message) -> None:
    upload = desk.upload(name, data, "bianji")
    assert upload.error and message.lower() in upload.error.lower()
    assert _files(desk.drafts.parent) == []


def test_fix_publish_expire_unpublish_with_history(desk, documents) -> None:
    desk.upload("通知.docx", documents["docx"].read_bytes(), "bianji")
    pid = "LRSF-2024-009"
    with pytest.raises(DeskError, match="标题"):
        desk.save(pid, {"title": ""}, None, "bianji")
    version = desk.save(
        pid, {"valid_until": "二〇二七年三月一日", "zones": "环秀街道、龙山街道"}, None, "bianji"
    )
    assert version.fields == ["valid_until", "zones"]
    assert desk.save(pid, {"valid_until": "2027-03-01"}, None, "bianji") is None  # same value: no change

    desk.publish(pid, "bianji")
    [policy] = [p for p in load_corpus(desk.corpus_dir) if p.id == pid]
    assert policy.valid_until == dt.date(2027, 3, 1) and policy.zones == ["环秀街道", "龙山街道"]
    assert desk.entry(pid).state == "已发布" and desk.draft_path(pid) is None

    desk.save(pid, {}, "第一条　按每人3000元给予补贴。", "bianji")
    assert desk.entry(pid).state == "已发布（有未发布的修改）"
    assert "2000元" in desk.published_path(pid).read_text(encoding="utf-8")  # the public text waits
    desk.publish(pid, "bianji")

    desk.expire(pid, dt.date(2025, 1, 31), "bianji")
    assert desk.entry(pid).state == "已失效" and desk.policy(pid).is_expired()
    with pytest.raises(DeskError, match="早于发布日期"):
        desk.expire(pid, dt.date(2020, 1, 1), "bianji")

    desk.unpublish(pid, "bianji")
    assert desk.published_path(pid) is None and desk.entry(pid).state == "草稿"
    actions = [v.action for v in desk.versions(pid)]
    assert actions == ["unpublish", "expire", "publish", "edit", "publish", "edit", "upload"]
    edit = desk.versions(pid)[3]
    assert (
        edit.fields == ["正文"] and "-第一条" in edit.diff and "+第一条　按每人3000元给予补贴。" in edit.diff
    )


def test_reupload_of_a_published_document_keeps_its_id_and_editor_fields(desk, documents) -> None:
    desk.upload("a.docx", documents["docx"].read_bytes(), "bianji")
    desk.save("LRSF-2024-009", {"tags": "就业、补贴"}, None, "bianji")
    desk.publish("LRSF-2024-009", "bianji")
    upload = desk.upload("b.pdf", documents["pdf"].read_bytes(), "bianji")
    assert upload.error is None and upload.record["id"] == "LRSF-2024-009"
    assert desk.policy("LRSF-2024-009").tags == ["就业", "补贴"]
    assert [e.id for e in desk.entries()].count("LRSF-2024-009") == 1


def test_replaced_by_must_name_a_published_policy(desk, documents) -> None:
    desk.upload("a.docx", documents["docx"].read_bytes(), "bianji")
    desk.save("LRSF-2024-009", {"replaced_by": "NOPE-1"}, None, "bianji")
    with pytest.raises(DeskError, match="尚未发布"):
        desk.publish("LRSF-2024-009", "bianji")
    assert desk.published_path("LRSF-2024-009") is None


def test_saving_the_body_leaves_fields_never_set_alone(desk, documents) -> None:
    desk.upload("通知.docx", documents["docx"].read_bytes(), "bianji")
    pid = "LRSF-2024-009"
    empty = {name: "" for name in ("zones", "industries", "tags", "replaced_by", "source")}
    text = desk.text(pid).split("---", 2)[2].replace("2000元", "2500元")
    version = desk.save(pid, empty, text, "bianji")
    assert version is not None and version.fields == ["正文"], version.fields
    assert "+第一条　企业新招用本区户籍劳动力满10人的，按每人2500元" in version.diff
