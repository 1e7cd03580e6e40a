"""The policy-index command end to end, through subprocesses (real model, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.policy_index.conftest import write_corpus

pytestmark = pytest.mark.slow


def _run(args: list[str], model_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HUIQI_EMBED_MODEL": str(model_dir),
        "HF_HUB_OFFLINE": "1",
        "PYTHONWARNINGS": "ignore",
    }
    return subprocess.run(
        [sys.executable, "-m", "policy_index.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Path:
    base = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(base / "corpus")
    out = base / "index"
    proc = _run(["build", "--corpus", str(corpus), "--out", str(out)], model_dir)
    assert proc.returncode == 0, proc.stderr
    assert "完成：政策 6 件" in proc.stdout
    assert "嵌入向量" in proc.stderr  # progress is shown
    return out


def test_search_jsonl_answers_one_line_per_query(cli_index: Path, model_dir: Path) -> None:
    lines = [
        {"q": "高企首次认定奖励多少钱", "id": 7},
        {"q": ""},
        {"q": "跨境电商海外仓租金补贴", "extra": "ignored"},
        {"q": "红烧肉怎么做好吃"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    proc = _run(
        ["search", "--index", str(cli_index), "--top-k", "3", "--zone", "蓝村街道", "--jsonl"],
        model_dir,
        stdin,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 5
    first = out[0]
    assert first["q"] == "高企首次认定奖励多少钱" and first["answerable"] is True
    assert len(first["hits"]) == 3
    assert {"policy_id", "title", "clause", "text", "score", "expired"} <= set(first["hits"][0])
    assert first["hits"][0]["policy_id"] == "T-ART-001"
    assert out[1]["hits"] == [] and "不能为空" in out[1]["error"]
    assert all(h["policy_id"] != "T-ZON-005" for h in out[2]["hits"])  # zone filter
    assert "error" in out[4]


def test_plain_search_prints_readable_chinese(cli_index: Path, model_dir: Path) -> None:
    proc = _run(["search", "--index", str(cli_index), "2023年境外展会补贴"], model_dir)
    assert proc.returncode == 0, proc.stderr
    assert "问题：2023年境外展会补贴" in proc.stdout
    assert "【已失效】" in proc.stdout and "T-ART-004" in proc.stdout


def test_plain_search_rejects_an_empty_question(cli_index: Path, model_dir: Path) -> None:
    proc = _run(["search", "--index", str(cli_index), "  "], model_dir)
    assert proc.returncode != 0 and "不能为空" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_eval_prints_the_three_channels(cli_index: Path, model_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    rows = [
        {"q": "高企首次认定奖励多少钱", "policy_id": "T-ART-001", "clause": "第三条", "kind": "terse"},
        {"q": "中小企业稳岗返还比例", "policy_id": "T-SEC-002", "clause": "一、（二）", "kind": "terse"},
        {"q": "明天会不会下雨", "policy_id": None, "clause": None, "kind": "null"},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    proc = _run(["eval", "--index", str(cli_index), "--questions", str(questions)], model_dir)
    assert proc.returncode == 0, proc.stderr
    for label in (
        "recall@1",
        "recall@5",
        "MRR",
        "passage hit@5",
        "混合 hybrid",
        "仅词法 lexical",
        "仅向量 dense",
        "拒答",
    ):
        assert label in proc.stdout
    proc = _run(["eval", "--index", str(cli_index), "--questions", str(questions), "--json"], model_dir)
    report = json.loads(proc.stdout)
    assert report["hybrid"]["recall@5"] == 1.0


@pytest.mark.parametrize("command", ["eval", "calibrate"])
def test_question_file_with_a_blank_question_is_refused_with_its_line(
    cli_index: Path, model_dir: Path, tmp_path: Path, command: str
) -> None:
    from policy_index.answerable import CALIBRATION_PATH

    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "高企首次认定奖励多少钱"}\n{"q": "   "}\n', encoding="utf-8")
    calibration = CALIBRATION_PATH.read_bytes()
    proc = _run([command, "--index", str(cli_index), "--questions", str(questions)], model_dir)
    assert proc.returncode != 0
    assert "第 2 行的问题 q 为空" in proc.stderr and "Traceback" not in proc.stderr
    assert CALIBRATION_PATH.read_bytes() == calibration


def test_stale_index_is_refused_by_the_cli(tmp_path: Path, model_dir: Path) -> None:
    proc = _run(["search", "--index", str(tmp_path / "nothing"), "高企"], model_dir)
    assert proc.returncode != 0
    assert "尚未构建" in proc.stderr and "Traceback" not in proc.stderr


def test_build_reports_every_malformed_file(tmp_path: Path, model_dir: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "BAD-1.md").write_text("---\nid: BAD-1\n---\n正文。\n", encoding="utf-8")
    (corpus / "BAD-2.md").write_text("无头部", encoding="utf-8")
    proc = _run(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out")], model_dir)
    assert proc.returncode == 2
    assert "BAD-1.md" in proc.stderr and "BAD-2.md" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_search_shows_clause_aspects_and_searches_within_one_policy(cli_index: Path, model_dir: Path) -> None:
    proc = _run(["search", "--index", str(cli_index), "--policy", "T-ART-001", "找谁咨询"], model_dir)
    assert proc.returncode == 0, proc.stderr
    assert "T-ART-001 第五条" in proc.stdout and "涉及：部门/电话" in proc.stdout
    assert "T-SEC-002" not in proc.stdout
    stdin = json.dumps({"q": "申报材料", "policy_id": "T-ART-001"}, ensure_ascii=False) + "\n"
    proc = _run(["search", "--index", str(cli_index), "--jsonl"], model_dir, stdin)
    [line] = [json.loads(text) for text in proc.stdout.splitlines()]
    assert {h["policy_id"] for h in line["hits"]} == {"T-ART-001"}
    assert "materials" in line["hits"][0]["aspects"]
    unknown = _run(["search", "--index", str(cli_index), "--policy", "NO-SUCH", "材料"], model_dir)
    assert unknown.returncode != 0 and "NO-SUCH" in unknown.stderr
