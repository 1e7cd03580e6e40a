"""The reranker that ships in ``data/reranker``: current with what it is trained on, taken by the build
instead of training again, and never taken when it was trained on anything else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from huiqi.settings import PROJECT_ROOT, get_settings
from policy_index.rerank_train import (
    SHIPPED_DIR,
    TRAINING_SETS_FILE,
    inputs_hash,
    load_training_sets,
    train_if_needed,
)
from policy_index.reranker import META_FILE, RERANKER_VERSION, Reranker

from .test_reranker import QUESTIONS


def test_the_shipped_reranker_was_trained_on_todays_collections_lexicon_and_code(model_dir: Path) -> None:
    """A change to a training collection, its questions, the lexicon or the package's code makes the
    shipped reranker stale: `make reranker-ship` retrains it and it is committed with the change."""
    shipped = Reranker.load(PROJECT_ROOT / SHIPPED_DIR)
    assert shipped is not None and shipped.meta["version"] == RERANKER_VERSION
    sources = load_training_sets(PROJECT_ROOT / TRAINING_SETS_FILE, PROJECT_ROOT)
    assert shipped.meta["trained_on"]["sets"] == [name for name, _, _ in sources]
    assert shipped.meta["inputs"] == inputs_hash(sources, model_dir), (
        "data/reranker/reranker.json was trained on other inputs: run `make reranker-ship` and commit it"
    )


def test_make_reranker_takes_the_shipped_model_without_training(tmp_path: Path, model_dir: Path) -> None:
    logs: list[str] = []
    said = train_if_needed(get_settings(), out_dir=tmp_path / "model", log=logs.append)

    assert "仓库随附" in said and not logs  # nothing built, nothing trained
    assert not (tmp_path / "model" / "sets").exists()
    taken = json.loads((tmp_path / "model" / META_FILE).read_text(encoding="utf-8"))
    assert taken == json.loads((PROJECT_ROOT / SHIPPED_DIR / META_FILE).read_text(encoding="utf-8"))


def write_questions(path: Path, questions: list[dict]) -> None:
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")


def test_a_shipped_model_trained_on_other_questions_is_not_taken(tmp_path: Path, built, model_dir) -> None:
    corpus = built[0]
    questions = tmp_path / "questions.jsonl"
    write_questions(questions, QUESTIONS)
    first, shipped = tmp_path / "first", tmp_path / "shipped"
    shutil.copytree(built[1], first / "sets" / "questions")  # the build reuses the fixture's vectors
    settings = get_settings()

    quiet = lambda _m: None  # noqa: E731
    said = train_if_needed(settings, corpus, questions, first, ship=True, shipped_dir=shipped, log=quiet)
    assert "已训练" in said and (shipped / META_FILE).is_file()

    said = train_if_needed(settings, corpus, questions, tmp_path / "second", shipped_dir=shipped)
    assert "仓库随附" in said
    assert Reranker.load(tmp_path / "second").meta == Reranker.load(shipped).meta

    more = [*QUESTIONS, {"q": "展会摊位费能补多少", "policy_id": "T-ART-004"}]
    write_questions(questions, more)
    said = train_if_needed(settings, corpus, questions, first, shipped_dir=shipped, log=quiet)
    assert "已训练" in said
    assert Reranker.load(first).meta["trained_on"]["questions"] == len(more)


def test_rewording_a_comment_or_docstring_keeps_the_shipped_model_current(tmp_path: Path) -> None:
    from policy_index.rerank_train import _code

    def code_of(text: str) -> bytes:
        path = tmp_path / "module.py"
        path.write_text(text, encoding="utf-8")
        return _code(path)

    base = code_of('"""Module."""\n\ndef share(x):\n    """Half."""\n    return x / 2  # half\n')
    reworded = '"""模块。"""\n\ndef share(x):\n    """一半。"""\n    # the half\n    return x / 2\n'
    assert base == code_of(reworded)
    assert base != code_of('"""Module."""\n\ndef share(x):\n    """Half."""\n    return x / 3\n')
