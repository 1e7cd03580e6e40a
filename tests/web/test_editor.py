"""The policy review page (``/office/policies``) through the real Flask app: editors only, upload of a
real .docx, fields beside the original, clauses with aspects, field and condition fixes with their
history, and a publish that re-indexes in the background until the index answers with the new policy."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.official_docs import OfficialDoc, render
from connectors.web import create_app
from connectors.web.services import get_store
from tickets import ZoneDirectory

from .conftest import OFFICE, PASSWORD, TEAM1_LAWYER, csrf_token, login, web_config

ROOT = Path(__file__).resolve().parents[2]
EDITOR = "bianji"
POLICY_ID = "LRSF-2024-009"
QUESTION = "新招用本区户籍劳动力吸纳就业补贴每人多少钱"
NOTICE = OfficialDoc(
    title="关于印发《崂山区吸纳就业补贴实施办法》的通知",
    issuer="青岛市崂山区人力资源和社会保障局",
    body=[
        "为支持企业稳定就业，制定本办法。",
        "第一条　企业新招用本区户籍劳动力满10人的，按每人2600元给予一次性吸纳就业补贴。",
        "第二条　申请材料包括申请表和社会保险缴费明细，于每年6月底前报送区人力资源和社会保障局。",
        "第三条　本办法自2024年4月1日起施行，有效期三年。",
    ],
    doc_no="崂人社发〔2024〕9号",
    issued=dt.date(2024, 3, 18),
)


@pytest.fixture(autouse=True)
def no_warm_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """No index builder left loaded after a test (the page starts one when it is kept warm)."""
    monkeypatch.setenv("HUIQI_INDEX_BUILDER_WARM_SECONDS", "0")


@pytest.fixture
def editor_app(tmp_path: Path, template_db: Path, zones: ZoneDirectory) -> Flask:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("JM-2021-206.md", "JM-2022-218.md"):
        shutil.copy(ROOT / "data" / "policies" / name, corpus / name)
    shutil.copy(template_db, tmp_path / "tickets.db")
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, CORPUS_DIR=str(corpus)))
    with app.app_context():
        get_store().accounts.create(EDITOR, "王编辑", "editor", PASSWORD, by=OFFICE)
    yield app
    with app.app_context():
        get_store().dispose()


@pytest.fixture
def editor(editor_app: Flask) -> FlaskClient:
    client = editor_app.test_client()
    assert login(client, EDITOR).status_code == 302
    return client


@pytest.fixture(scope="module")
def notice_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(NOTICE, tmp_path_factory.mktemp("notice"), "notice", "docx")


def _upload(client: FlaskClient, path: Path, name: str):
    token = csrf_token(client, "/office/policies")
    with path.open("rb") as fh:
        return client.post(
            "/office/policies/upload",
            data={"documents": (fh, name), "csrf_token": token},
            content_type="multipart/form-data",
        )


def _post(client: FlaskClient, path: str, **data: str):
    token = csrf_token(client, f"/office/policies/{POLICY_ID}")
    return client.post(path, data={**data, "csrf_token": token})


def test_only_editors_reach_the_review_page(editor_app: Flask) -> None:
    client = editor_app.test_client()
    assert client.get("/office/policies").headers["Location"].startswith("/console/login")
    for user in (TEAM1_LAWYER, OFFICE):
        login(client, user)
        assert client.get("/office/policies").status_code == 403
        assert client.post("/office/policies/upload").status_code in (400, 403)


def test_upload_review_fix_fields_and_conditions_with_history(
    editor: FlaskClient, editor_app: Flask, notice_docx: Path, tmp_path: Path
) -> None:
    response = _upload(editor, notice_docx, "吸纳就业补贴.docx")
    assert response.headers["Location"].endswith(f"/office/policies/{POLICY_ID}")
    page = editor.get(f"/office/policies/{POLICY_ID}").get_data(as_text=True)
    assert 'value="崂人社发〔2024〕9号"' in page and 'value="2027-03-31"' in page  # 有效期三年 from 4月1日
    assert "按每人2600元给予一次性吸纳就业补贴" in page.split('id="original"')[1]  # the original text
    rows = re.findall(
        r'<td class="mono">([^<]+)</td><td class="clause-text">[^<]*</td><td>([^<]*)</td>', page
    )
    assert rows[1:] == [("第一条", "金额"), ("第二条", "材料、时限"), ("第三条", "有效期")]
    assert 'name="clause:第一条"' in page

    corpus = Path(editor_app.config["CORPUS_DIR"])
    before = sorted(p.name for p in corpus.iterdir())
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")
    response = _upload(editor, bad, "扫描件.pdf")
    assert response.status_code == 400 and "未导入：" in response.get_data(as_text=True)
    assert sorted(p.name for p in corpus.iterdir()) == before

    _post(editor, f"/office/policies/{POLICY_ID}", title=NOTICE.title, zones="环秀街道、龙山街道")
    _post(
        editor,
        f"/office/policies/{POLICY_ID}/conditions",
        scope="",
        **{"clause:第一条": "招用重点群体#10"},
    )
    drafts = Path(editor_app.config["DATA_DIR"]) / "editorial" / "drafts"
    assert "zones: [环秀街道, 龙山街道]" in (drafts / f"{POLICY_ID}.md").read_text(encoding="utf-8")
    assert "招用重点群体#10" in (drafts / "_conditions.yaml").read_text(encoding="utf-8")
    refused = _post(editor, f"/office/policies/{POLICY_ID}/conditions", **{"clause:第一条": "长得好看"})
    assert "不是词表中的资质或情形" in editor.get(refused.headers["Location"]).get_data(as_text=True)

    history = editor.get(f"/office/policies/{POLICY_ID}/history").get_data(as_text=True)
    assert [a for a in re.findall(r"<strong>([^<]+)</strong>", history)] == [
        "更正适用条件",
        "修改",
        "上传导入",
    ]
    assert '<span class="add">+zones: [环秀街道, 龙山街道]</span>' in history and EDITOR in history


def _built(status_file: Path, corpus: Path) -> dict:
    """The builder's status once it has built the corpus as it is now (or failed)."""
    from policy_index.corpus import corpus_hash

    deadline, target = time.monotonic() + 240, corpus_hash(corpus)
    while True:
        status = json.loads(status_file.read_text()) if status_file.is_file() else {}
        if status.get("state") == "failed" or status.get("corpus_hash") == target:
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.2)


def test_publish_reindexes_in_the_background_and_the_index_answers(
    editor: FlaskClient, editor_app: Flask, notice_docx: Path, tmp_path: Path, monkeypatch
) -> None:
    from policy_index import PolicyIndex

    # the background build runs without the reranker (its threshold fit is tested in tests/policy_index)
    monkeypatch.setenv("HUIQI_RERANKER_DIR", str(tmp_path / "no-reranker"))
    monkeypatch.setenv("HUIQI_INDEX_BUILDER_WARM_SECONDS", "60")  # stays loaded for the second publish
    _upload(editor, notice_docx, "吸纳就业补贴.docx")
    _post(
        editor,
        f"/office/policies/{POLICY_ID}/conditions",
        scope="",
        **{"clause:第一条": "招用重点群体#10"},
    )
    published = _post(editor, f"/office/policies/{POLICY_ID}/publish")
    assert "已发布" in editor.get(published.headers["Location"]).get_data(as_text=True)
    corpus = Path(editor_app.config["CORPUS_DIR"])
    assert (corpus / f"{POLICY_ID}.md").is_file() and POLICY_ID in (corpus / "_conditions.yaml").read_text()

    status_file = Path(editor_app.config["DATA_DIR"]) / "editorial" / "reindex.json"
    first = _built(status_file, corpus)
    assert first["state"] == "done"
    index_dir = editor_app.config["INDEX_DIR"]
    [top, *_] = PolicyIndex.load(index_dir, corpus_dir=corpus).search(QUESTION)["hits"]
    assert top["policy_id"] == POLICY_ID and "2600元" in top["text"]
    assert "索引已更新" in editor.get(f"/office/policies/{POLICY_ID}").get_data(as_text=True)

    # a second publish while the builder is still loaded: built by the same warm process
    body = (
        (corpus / f"{POLICY_ID}.md")
        .read_text(encoding="utf-8")
        .split("---", 2)[2]
        .replace("2600元", "2800元")
    )
    _post(editor, f"/office/policies/{POLICY_ID}", title=NOTICE.title, body=body)
    _post(editor, f"/office/policies/{POLICY_ID}/publish")
    second = _built(status_file, corpus)
    os.kill(second["pid"], signal.SIGTERM)  # not left loaded after the test
    assert second["state"] == "done" and second["pid"] == first["pid"]
    [top, *_] = PolicyIndex.load(index_dir, corpus_dir=corpus).search(QUESTION)["hits"]
    assert "2800元" in top["text"]


def test_a_publish_during_make_index_waits_for_it_and_the_page_says_so(
    editor: FlaskClient, editor_app: Flask, notice_docx: Path, tmp_path: Path, monkeypatch
) -> None:
    from policy_index import PolicyIndex
    from policy_index.build_lock import BuildLock

    monkeypatch.setenv("HUIQI_RERANKER_DIR", str(tmp_path / "no-reranker"))
    corpus, index_dir = Path(editor_app.config["CORPUS_DIR"]), Path(editor_app.config["INDEX_DIR"])
    status_file = Path(editor_app.config["DATA_DIR"]) / "editorial" / "reindex.json"
    _upload(editor, notice_docx, "吸纳就业补贴.docx")
    with BuildLock(index_dir, "cli", corpus) as make_index:  # `make index` is building this folder
        assert make_index.acquire(wait=False) == "acquired"
        _post(editor, f"/office/policies/{POLICY_ID}/publish")
        deadline = time.monotonic() + 60
        while "waiting_for" not in (json.loads(status_file.read_text()) if status_file.is_file() else {}):
            assert time.monotonic() < deadline, "the publish's re-index did not queue behind make index"
            time.sleep(0.2)
        page = editor.get(f"/office/policies/{POLICY_ID}").get_data(as_text=True)
        assert "等待命令行构建 policy-index build / make index，进程" in page
        assert not (index_dir / "manifest.json").exists()  # nothing written beside make index
    assert _built(status_file, corpus)["state"] == "done"  # make index done: the publish is built
    [top, *_] = PolicyIndex.load(index_dir, corpus_dir=corpus).search(QUESTION)["hits"]
    assert top["policy_id"] == POLICY_ID and "2600元" in top["text"]
