"""Precision and recall of condition extraction on hand-labelled sentences (data/eval/conditions.yaml).

A condition is a qualification or event (with 首次 / 重新认定 and a head-count where written) or a
threshold (field, comparison, value). Each labelled sentence is found among the readings of its
policy (``matching.conditions.read_sentences``); what was extracted there is compared with the label.

    .venv/bin/python bench/condition_extraction.py [--verbose]
"""

from __future__ import annotations

import argparse
import dataclasses

import yaml

from huiqi.settings import PROJECT_ROOT
from matching.conditions import Reading, Requirement, Threshold, read_sentences
from matching.vocabulary import load_vocabulary
from policy_index.corpus import load_policy

LABELS = PROJECT_ROOT / "data" / "eval" / "conditions.yaml"
CORPUS = PROJECT_ROOT / "data" / "policies"


def requirement_item(req: Requirement) -> str:
    """A requirement written as the labels write it (首次:/重新: prefix, #N head-count)."""
    first = req.first and not req.concept.startswith("首次")  # 首次升规 says it already
    prefix = "首次:" if first else "重新:" if req.renewal else ""
    count = f"#{req.min_count}" if req.min_count else ""
    return f"{prefix}{req.concept}{count}"


def threshold_item(threshold: Threshold) -> str:
    """A threshold written as the labels write it (金额 for every figure no profile field holds)."""
    return f"{threshold.field or '金额'}{threshold.op}{threshold.value:g}"


def reading_items(reading: Reading) -> set[str]:
    """Everything extracted from one sentence, as label items (alternatives each count)."""
    requirements = [
        dataclasses.replace(r, concept=name, alternatives=())
        for r in reading.requirements
        for name in (r.concept, *r.alternatives)
    ]
    items = {requirement_item(r) for r in requirements}
    return items | {threshold_item(t) for t in reading.thresholds}


def evaluate(verbose: bool = False) -> dict:
    """Compare the extraction with every labelled sentence."""
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    vocabulary = load_vocabulary()
    readings: dict[str, list[Reading]] = {}
    extracted = correct = labelled = 0
    for entry in labels:
        pid = entry["policy"]
        if pid not in readings:
            readings[pid] = read_sentences(load_policy(CORPUS / f"{pid}.md"), vocabulary)
        found = next((r for r in readings[pid] if entry["text"] in r.sentence), None)
        got = reading_items(found) if found else set()
        want = set(entry["conditions"])
        extracted += len(got)
        labelled += len(want)
        correct += len(got & want)
        if verbose and got != want:
            print(f"{pid} {entry['text'][:16]}：多抽 {sorted(got - want)}，漏抽 {sorted(want - got)}")
    return {
        "sentences": len(labels),
        "labelled": labelled,
        "extracted": extracted,
        "precision": correct / extracted if extracted else 1.0,
        "recall": correct / labelled if labelled else 1.0,
    }


def main() -> None:
    """Print the figures (the README quotes them)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="逐句列出与标注不一致之处")
    r = evaluate(parser.parse_args().verbose)
    print(f"sentences: {r['sentences']}, labelled conditions: {r['labelled']}, extracted: {r['extracted']}")
    print(f"precision: {r['precision']:.3f}, recall: {r['recall']:.3f}")


if __name__ == "__main__":
    main()
