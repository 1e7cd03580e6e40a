"""Does "the question's subject is nowhere in the collection" (``subject_unseen``) help abstention?

Issue 11: "火星上开公司有什么补贴" is answered on the plain-prose collection with a 光伏 clause that shares
only 补贴 with it, although its subject 火星 occurs in no policy (``subject_unseen`` = 1). This probe
measures, on the development set only (nothing from ``data/eval/heldout`` or ``data/eval/prose`` is
read), two ways of using that signal:

* **as an input of the answerable model** — :func:`policy_index.rerank_train.train_reranker`'s own
  5-fold cross-validation by policy, with the shipped inputs and with ``subject_unseen``, its
  all-unseen indicator (``su_full``: every subject term unseen) or its product with the ranker's log
  probability (``su_x_rerank``) added;
* **as a veto** — flag when every subject term is unseen (``su1``), and when in addition the lexical and
  dense channels disagree on the best policy or the ranker is unsure; counted on the index as built
  (its trained reranker and threshold): answerable questions, unanswerable ones and answerable ones
  searched without their own policy (near misses).

Usage: ``.venv/bin/python bench/subject_unseen_probe.py [--skip-cv]`` (about 3 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from huiqi.settings import get_settings  # noqa: E402
from policy_index import PolicyIndex, rerank_train  # noqa: E402
from policy_index import reranker as reranker_module  # noqa: E402
from policy_index.evaluate import load_questions  # noqa: E402

QUESTIONS = ROOT / "data" / "eval" / "questions.jsonl"
SHIPPED = reranker_module.ANSWER_FEATURES
VARIANTS = {
    "shipped": SHIPPED,
    "+ subject_unseen": (*SHIPPED, "subject_unseen"),
    "+ su_full": (*SHIPPED, "su_full"),
    "+ su_x_rerank": (*SHIPPED, "su_x_rerank"),
}
VETOES: dict[str, Callable[[dict[str, float]], bool]] = {
    "su1": lambda f: f["subject_unseen"] >= 0.99,
    "su1 and channels disagree": lambda f: f["subject_unseen"] >= 0.99 and not f["agree"],
    "su1 and ranker < 0.3": lambda f: f["subject_unseen"] >= 0.99 and f["rerank_top"] < 0.3,
}


def probe_features(features: dict[str, float]) -> list[float]:
    """The answerable model's inputs, with the probe's derived candidates."""
    rerank_log = math.log(features.get("rerank_top", 0.0) + 1e-6)
    unseen = features.get("subject_unseen", 0.0)
    derived = {"rerank_log": rerank_log, "su_full": float(unseen >= 0.99), "su_x_rerank": unseen * rerank_log}
    return [derived.get(name, features.get(name, 0.0)) for name in reranker_module.ANSWER_FEATURES]


def cross_validate(index: PolicyIndex, questions: list[dict]) -> None:
    """Print the 5-fold figures of each variant of the answerable model's inputs (the index keeps its
    own reranker: training installs each variant's in it)."""
    built = index.reranker
    reranker_module.answer_features = rerank_train.answer_features = probe_features
    print(
        "| answerable model inputs (5-fold, dev) | recall@1 | answerable flagged | unanswerable flagged "
        "| near misses flagged | AUC unanswerable / near misses |"
    )
    print("|---|---|---|---|---|---|")
    for name, features in VARIANTS.items():
        reranker_module.ANSWER_FEATURES = features
        with threadpool_limits(1), contextlib.redirect_stdout(io.StringIO()):
            trained = rerank_train.train_reranker(index, questions, log=lambda _: None)
        cv, ab = trained.meta["cv_reranked"], trained.meta["cv_abstention"]
        print(
            f"| {name} | {cv['recall@1']:.3f} | {ab['answerable_flagged']:.1%} "
            f"| {ab['unanswerable_flagged']:.1%} "
            f"| {ab['held_out_flagged']:.1%} | {ab['unanswerable_auc']:.3f} / {ab['held_out_auc']:.3f} |",
            flush=True,
        )
    reranker_module.ANSWER_FEATURES = SHIPPED
    index.reranker = built


def vetoes(index: PolicyIndex, questions: list[dict]) -> None:
    """Print what each veto adds to the built index's decision."""
    index.prepare_queries([q["q"] for q in questions])
    rows = []
    for q in questions:
        rows.append(("answerable" if q.get("policy_id") else "unanswerable", index.search(q["q"], k=5)))
        if q.get("policy_id"):
            rows.append(("near miss", index.search(q["q"], k=5, exclude_policy=q["policy_id"])))
    for name, veto in VETOES.items():
        base, vetoed, total = Counter(), Counter(), Counter()
        for kind, result in rows:
            flagged = not result["answerable"]
            total[kind] += 1
            base[kind] += flagged
            vetoed[kind] += flagged or veto(result["features"])
        print(f"veto {name}: flagged " + ", ".join(f"{k} {base[k]} → {vetoed[k]}/{total[k]}" for k in total))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cv", action="store_true", help="only the vetoes on the built index")
    args = parser.parse_args()
    settings = get_settings()
    index = PolicyIndex.load(settings.index_dir, model_dir=settings.embed_model)
    questions = load_questions(QUESTIONS)
    if not args.skip_cv:
        cross_validate(index, questions)
    vetoes(index, questions)


if __name__ == "__main__":
    main()
