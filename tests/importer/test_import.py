"""``policy-index import`` on documents generated here in all three formats and several layouts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.official_docs import OfficialDoc, render
from policy_index.cli import main
from policy_index.corpus import load_corpus
from policy_index.importer import RESULT_KEYS
from policy_index.importer.dates import parse_date
from policy_index.importer.fields import find_doc_no

CLAUSES = [
    "为支持企业招才引智，结合本区实际，制定本办法。",
    "第一条　对新引进的全职博士，给予每人10万元安家补贴，分三年发放；硕士每人3万元。",
    "第二条　企业当年新招用本区户籍劳动力满10人的，按每人2000元给予一次性吸纳就业补贴，"
    "单个企业每年最高不超过20万元。申请企业应当在本区依法登记注册并按时足额缴纳社会保险费，"
    "近三年无严重失信记录，且未享受过同类补贴。" * 2,
    "第三条　申请材料包括申请表、劳动合同复印件和社会保险缴费明细，于每年6月底前报送区人力资源和社会保障局。",
    "第四条　本办法自2021年4月1日起施行，有效期至2023年12月31日。",
]


def _doc(**changes) -> OfficialDoc:
    base = {
        "title": "关于印发《崂山区企业人才引进和稳定就业补贴实施办法》的通知",
        "issuer": "青岛市崂山区人力资源和社会保障局",
        "body": CLAUSES,
        "doc_no": "崂人社发〔2021〕6号",
        "issued": dt.date(2021, 3, 18),
        "valid_until": dt.date(2023, 12, 31),
        "title_break": 18,
    }
    return OfficialDoc(**{**base, **changes})


def _run(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["import", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.stderr


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("documents")
    return {
        # red-header 公文, title wrapped over two lines, date in Chinese numerals, [ ] brackets
        "docx": render(_doc(chinese_numerals=True, brackets="[]"), folder, "red-header", "docx"),
        # several pages: "- N -" page numbers and a running header on every page after the first
        "pdf": render(
            _doc(body=CLAUSES * 3, running_header="崂山区人力资源和社会保障局规范性文件", brackets="()"),
            folder,
            "two-pages",
            "pdf",
        ),
        # a government page: navigation, breadcrumbs, info table, share tools, footer
        "html": render(_doc(layout="info_table", chinese_numerals=True), folder, "web-page", "html"),
    }


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_front_matter_comes_from_the_document(documents, fmt: str, tmp_path: Path) -> None:
    code, [line], _ = _run(str(documents[fmt]), "--out", str(tmp_path))
    assert code == 0
    assert tuple(line) == RESULT_KEYS
    assert line["title"] == "关于印发《崂山区企业人才引进和稳定就业补贴实施办法》的通知"
    assert line["issuer"] == "青岛市崂山区人力资源和社会保障局"
    assert line["doc_no"] == "崂人社发〔2021〕6号"
    assert (line["issued"], line["valid_until"]) == ("2021-03-18", "2023-12-31")
    assert line["missing"] == [] and line["id"] == "LRSF-2021-006"
    [policy] = load_corpus(tmp_path)
    assert policy.id == line["id"] and Path(line["path"]) == tmp_path / "LRSF-2021-006.md"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_text_is_clean_and_keeps_its_clauses(documents, fmt: str, tmp_path: Path) -> None:
    _run(str(documents[fmt]), "--out", str(tmp_path))
    body = load_corpus(tmp_path)[0].body
    paragraphs = body.split("\n\n")
    for noise in ("各街道办事处", "抄送", "印发\n", "此件公开发布", "- 1 -", "- 2 -", "规范性文件", "文件\n"):
        assert noise not in body + "\n", (fmt, noise)
    for noise in ("网站标识码", "备案号", "主办单位", "当前位置", "首页", "分享到", "相关链接", "索引号"):
        assert noise not in body, (fmt, noise)
    starts = [p[:3] for p in paragraphs if p.startswith("第")]
    assert starts[:4] == ["第一条", "第二条", "第三条", "第四条"]
    long_clause = next(p for p in paragraphs if p.startswith("第二条"))
    assert long_clause.replace("　", "").endswith("且未享受过同类补贴。")  # re-joined across lines and pages
    assert paragraphs[0].startswith("为支持企业招才引智")


def test_reimport_updates_the_same_file_and_keeps_the_editors_fields(documents, tmp_path: Path) -> None:
    _run(str(documents["docx"]), "--out", str(tmp_path))
    path = tmp_path / "LRSF-2021-006.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n\n", "tags: [人才, 就业]\n---\n\n"), "utf-8"
    )
    for fmt in ("pdf", "html"):  # the same document again, as received later in another format
        code, [line], _ = _run(str(documents[fmt]), "--out", str(tmp_path))
        assert code == 0 and line["path"] == str(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert load_corpus(tmp_path)[0].tags == ["人才", "就业"]


def test_duplicate_doc_no_with_other_content_is_refused_and_nothing_written(
    documents, tmp_path: Path
) -> None:
    other = render(
        _doc(title="关于做好2021年度稳岗返还工作的通知", title_break=None), tmp_path, "other", "docx"
    )
    out = tmp_path / "corpus"
    code, lines, err = _run(str(documents["docx"]), str(other), "--out", str(out))
    assert code == 1 and "文号 崂人社发〔2021〕6号" in err
    assert lines[1]["path"] is None and lines[1]["warnings"][-1].startswith("未导入")
    assert [p.name for p in out.iterdir()] == ["LRSF-2021-006.md"]


def test_bad_inputs_get_a_clear_chinese_error(tmp_path: Path) -> None:
    from fpdf import FPDF

    scanned = FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 170, 250, style="F")  # a page image without a text layer
    scanned.output(str(tmp_path / "scan.pdf"))
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.output(str(tmp_path / "locked.pdf"))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.txt").write_text("政策", encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    out = tmp_path / "corpus"
    code, lines, err = _run(
        *(str(tmp_path / n) for n in ("scan.pdf", "locked.pdf", "broken.docx", "notes.txt", "empty.html")),
        "--out",
        str(out),
    )
    assert code == 1 and len(lines) == 5 and all(line["path"] is None for line in lines)
    for needle in ("没有文字层", "PDF 已加密", "Word 文件已损坏", "不支持的文件类型", "文件是空的"):
        assert needle in err
    assert not out.exists() or not list(out.iterdir())


def test_chinese_dates_and_document_numbers() -> None:
    assert parse_date("二〇二四年三月一日") == dt.date(2024, 3, 1)
    assert parse_date("二〇二一年十二月三十一日") == dt.date(2021, 12, 31)
    assert parse_date("２０２３年１月５日") == dt.date(2023, 1, 5)
    assert parse_date("2024年2月30日") is None
    for written in ("崂人社发〔2021〕6号", "崂人社发[2021]6号", "崂人社发(2021)06号", "崂人社发（2021）6 号"):
        assert find_doc_no(written, whole=True) == "崂人社发〔2021〕6号"


def test_short_pdf_paragraphs_are_joined_under_a_wide_title(tmp_path: Path) -> None:
    """Two-line clauses under a title wider than the text: no full line looks centred, no continuation
    looks indented, so each clause stays one paragraph (an answer quotes it whole)."""
    doc = _doc(
        title="关于印发《即墨区首台套技术装备保险补偿实施办法》的通知",
        body=[
            "第一条　本区工业企业投保首台套技术装备综合保险的，按实际缴纳保费的80%给予补偿，"
            "单个企业每年最高不超过37万元。",
            "第二条　申请材料包括保险合同、保费发票和首台套认定文件，于每年9月底前报送区工业和信息化局。",
        ],
        title_break=None,
    )
    code, [record], _ = _run(str(render(doc, tmp_path, "short", "pdf")), "--out", str(tmp_path / "out"))
    assert code == 0 and record["doc_no"] == "崂人社发〔2021〕6号"
    [policy] = load_corpus(tmp_path / "out")
    paragraphs = policy.body.split("\n\n")
    assert any("按实际缴纳保费的80%给予补偿，单个企业每年最高不超过37万元。" in p for p in paragraphs)
    assert any("于每年9月底前报送区工业和信息化局。" in p and p.startswith("第二条") for p in paragraphs)
