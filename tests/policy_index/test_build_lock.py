"""``policy-index build`` (``make index``) and the re-index of a publish on ``/office/policies`` never
write the same index folder at once: real processes on a real index folder, the real model.

A command-line build that finds a publish's builder at work waits, says whom it waits for, and ends
as soon as the index holds its change; a publish during a command-line build is built after it, not
lost; ``--no-wait`` refuses with the holder's name and leaves the index as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_index.build_lock import BuildLock, holder
from policy_index.corpus import corpus_hash
from policy_index.manifest import read_manifest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _env(model_dir: Path, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "HUIQI_EMBED_MODEL": str(model_dir),
        "HUIQI_RERANKER_DIR": str(tmp_path / "no-reranker"),  # the threshold fit is tested elsewhere
        "HF_HUB_OFFLINE": "1",
        "PYTHONWARNINGS": "ignore",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _cli(corpus: Path, out: Path, env: dict[str, str], *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "policy_index.cli",
            "build",
            "--corpus",
            str(corpus),
            "--out",
            str(out),
            *flags,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _publish_builder(corpus: Path, out: Path, status: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The process a publish on the review page starts (``request_reindex``)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "policy_index.editorial.reindex",
            *("--corpus", str(corpus), "--out", str(out), "--status", str(status)),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _edit(corpus: Path, policy_id: str, old: str, new: str) -> None:
    path = corpus / f"{policy_id}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    tmp.replace(path)


def _wait(check, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _status(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _answers(out: Path, corpus: Path, model_dir: Path, embedder) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The top clause's text for two questions, from the index as a server loads it (checksums and
    corpus hash checked: a half-written or stale index is refused)."""
    from policy_index import PolicyIndex

    index = PolicyIndex.load(out, corpus_dir=corpus, model_dir=model_dir, embedder=embedder)
    asked = {
        "首次认定的高新技术企业奖励多少钱": "T-ART-001",
        "参加境外展会展位费补贴比例是多少": "T-ART-004",
    }
    return {q: index.search(q, k=1, policy_id=pid)["hits"][0]["text"] for q, pid in asked.items()}


def test_a_command_line_build_waits_for_the_publish_builder_and_both_changes_land(
    fresh_build: tuple[Path, Path], tmp_path: Path, model_dir: Path, embedder
) -> None:
    corpus, out = fresh_build
    status = tmp_path / "editorial" / "reindex.json"
    status.parent.mkdir()
    env = _env(model_dir, tmp_path, HUIQI_INDEX_BUILDER_WARM_SECONDS="60")
    # an editor publishes a new amount: the re-index starts and stays loaded for the next change
    _edit(corpus, "T-ART-001", "一次性奖励20万元", "一次性奖励25万元")
    publisher = _publish_builder(corpus, out, status, env)
    try:
        _wait(lambda: _status(status).get("state") == "done", 120, "the publish's re-index")
        assert holder(out) is not None  # built, and still loaded: it holds the index folder
        # meanwhile an operator edits another policy by hand and runs make index
        _edit(corpus, "T-ART-004", "按展位费的60%给予补贴", "按展位费的70%给予补贴")
        cli = _cli(corpus, out, env)
        stdout, stderr = cli.communicate(timeout=300)
        assert cli.returncode == 0, stderr
        # it did not build beside the builder: it says whom the folder belongs to, and that the
        # change is in (built by the loaded builder, which watches the same corpus)
        assert "发布后的后台重建（进程" in stdout + stderr
        assert "索引已是最新" in stdout
        assert read_manifest(out)["corpus_hash"] == corpus_hash(corpus)
        answers = _answers(out, corpus, model_dir, embedder)
        assert "25万元" in answers["首次认定的高新技术企业奖励多少钱"]
        assert "70%" in answers["参加境外展会展位费补贴比例是多少"]
        assert not list(out.parent.glob(f".{out.name}.building-*"))  # no build left half-way
    finally:
        publisher.send_signal(signal.SIGTERM)
        publisher.wait(timeout=30)


def test_a_publish_during_a_command_line_build_is_built_after_it_not_lost(
    fresh_build: tuple[Path, Path], tmp_path: Path, model_dir: Path, embedder
) -> None:
    corpus, out = fresh_build
    status = tmp_path / "editorial" / "reindex.json"
    status.parent.mkdir()
    env = _env(model_dir, tmp_path, HUIQI_INDEX_BUILDER_WARM_SECONDS="0")
    _edit(corpus, "T-ART-004", "按展位费的60%给予补贴", "按展位费的70%给予补贴")
    cli = _cli(corpus, out, env)
    assert cli.stderr is not None
    for line in cli.stderr:  # the build has read the corpus and is about to embed the changed clause
        if line.startswith("需要重新嵌入"):
            break
    # an editor publishes while the command-line build runs
    _edit(corpus, "T-ART-001", "一次性奖励20万元", "一次性奖励25万元")
    publisher = _publish_builder(corpus, out, status, env)
    _stdout, rest = cli.communicate(timeout=300)
    assert cli.returncode == 0, rest
    assert publisher.wait(timeout=300) == 0
    assert _status(status).get("state") == "done"  # the publish's re-index built after the CLI
    assert read_manifest(out)["corpus_hash"] == corpus_hash(corpus)
    answers = _answers(out, corpus, model_dir, embedder)
    assert "25万元" in answers["首次认定的高新技术企业奖励多少钱"]
    assert "70%" in answers["参加境外展会展位费补贴比例是多少"]


def test_no_wait_refuses_while_the_folder_is_taken_and_without_it_the_build_waits_then_builds(
    fresh_build: tuple[Path, Path], tmp_path: Path, model_dir: Path
) -> None:
    corpus, out = fresh_build
    before = read_manifest(out)
    _edit(corpus, "T-ART-001", "一次性奖励20万元", "一次性奖励25万元")
    env = _env(model_dir, tmp_path)
    with BuildLock(out, "publish", corpus) as lock:  # this test process is a publish's builder
        assert lock.acquire(wait=False) == "acquired"
        refused = _cli(corpus, out, env, "--no-wait")
        _stdout, stderr = refused.communicate(timeout=120)
        assert refused.returncode == 3
        assert f"索引目录 {out.resolve()} 正被发布后的后台重建（进程 {os.getpid()}" in stderr
        assert "本次未做任何改动" in stderr and "去掉 --no-wait" in stderr
        assert read_manifest(out) == before

        waiting = _cli(corpus, out, env)
        try:
            assert waiting.stderr is not None
            said = waiting.stderr.readline()
            assert "正被发布后的后台重建" in said and "等待中" in said
            time.sleep(3)
            assert waiting.poll() is None and read_manifest(out) == before  # waits; nothing written
        except BaseException:
            waiting.kill()
            waiting.communicate()
            raise
    stdout, rest = waiting.communicate(timeout=300)  # the folder is free: it builds
    assert waiting.returncode == 0, rest
    assert "完成：政策 6 件" in stdout
    assert read_manifest(out)["corpus_hash"] == corpus_hash(corpus)


def test_a_resident_builder_of_another_corpus_is_named_and_the_build_refused_not_awaited(
    fresh_build: tuple[Path, Path], tmp_path: Path, model_dir: Path
) -> None:
    corpus, out = fresh_build
    before = read_manifest(out)
    _edit(corpus, "T-ART-001", "一次性奖励20万元", "一次性奖励25万元")
    with BuildLock(out, "resident", tmp_path / "another-corpus") as lock:  # never leaves the folder
        assert lock.acquire(wait=False) == "acquired"
        lock.note("idle")
        cli = _cli(corpus, out, _env(model_dir, tmp_path))
        _stdout, stderr = cli.communicate(timeout=120)
    assert cli.returncode == 3
    assert "正被make run 的常驻后台构建进程 indexer（进程" in stderr and "空闲，监视政策目录" in stderr
    assert "监视的是另一个政策目录" in stderr and "本次未做任何改动" in stderr
    assert read_manifest(out) == before
