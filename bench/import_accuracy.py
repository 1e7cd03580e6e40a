"""Import accuracy per field, and ranking on an imported collection against the hand-made Markdown.

1. A generated set (``bench.official_samples.generated_set``) rendered as .docx, .pdf and .html:
   exact-match accuracy of title, issuer, doc_no, issued and valid_until per format.
2. The shipped corpus rendered as documents (docx: red-header 公文, pdf: plain with page numbers,
   html: a government page with an info table and heavy navigation) and imported again: the same
   accuracy against the hand-made front matter (the round trip).
3. With ``--ranking FORMAT``: the imported collection of that format is indexed and evaluated on the
   development questions (labels mapped to the imported ids); recall@1/5 and MRR beside the index
   of the hand-made Markdown.

    .venv/bin/python bench/import_accuracy.py [--count 24] [--ranking pdf] [--formats docx html]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.official_docs import render  # noqa: E402
from bench.official_samples import from_policy, generated_set  # noqa: E402
from policy_index.corpus import load_corpus  # noqa: E402
from policy_index.importer import import_documents  # noqa: E402

FIELDS = ("title", "issuer", "doc_no", "issued", "valid_until")
FORMATS = ("docx", "pdf", "html")
ROUND_TRIP_LAYOUT = {"docx": "red_header", "pdf": "plain", "html": "info_table"}


def _truth(doc) -> dict:
    return {
        "title": doc.title,
        "issuer": doc.issuer,
        "doc_no": doc.doc_no,
        "issued": doc.issued.isoformat() if doc.issued else None,
        "valid_until": doc.valid_until.isoformat() if doc.valid_until else None,
    }


def _score(pairs: list[tuple[dict, dict]]) -> dict:
    """Per field: exact matches / documents (a field absent on both sides counts as right)."""
    scores = {}
    for name in FIELDS:
        right = sum(1 for truth, got in pairs if truth[name] == got.get(name))
        scores[name] = (right, len(pairs))
    return scores


def _import(docs: list, fmt: str, work: Path, stems: list[str]) -> tuple[list[dict], Path]:
    inputs = [render(doc, work / "in" / fmt, stem, fmt) for doc, stem in zip(docs, stems, strict=True)]
    out = work / "out" / fmt
    records = [record for record, _ in import_documents(inputs, out)]
    return records, out


def _print_table(title: str, results: dict[str, list[tuple[dict, dict]]], mismatches: bool) -> None:
    print(f"\n{title}")
    print("| format | n | " + " | ".join(FIELDS) + " |")
    print("|---|---|" + "---|" * len(FIELDS))
    for fmt, pairs in results.items():
        scores = _score(pairs)
        cells = [f"{r / n:.3f}" if n else "-" for r, n in scores.values()]
        print(f"| {fmt} | {len(pairs)} | " + " | ".join(cells) + " |")
        wrong = sum(1 for t, g in pairs if g.get("valid_until") and g["valid_until"] != t["valid_until"])
        missing = sum(1 for t, g in pairs if t["valid_until"] and not g.get("valid_until"))
        print(f"    {fmt} valid_until: {wrong} wrong dates, {missing} reported missing (not guessed)")
        if mismatches:
            for truth, got in pairs:
                for name in FIELDS:
                    if truth[name] != got.get(name):
                        print(f"    {fmt} {got.get('file', '?')}: {name} {truth[name]!r} → {got.get(name)!r}")


def _ranking(corpus_dir: Path, records: list[dict], stems: list[str], work: Path) -> None:
    from huiqi.settings import get_settings
    from policy_index.build import build_index
    from policy_index.evaluate import evaluate, load_questions
    from policy_index.index import PolicyIndex

    id_map = {stem: rec["id"] for stem, rec in zip(stems, records, strict=True) if rec["id"]}
    questions = load_questions(ROOT / "data" / "eval" / "questions.jsonl")
    mapped = [{**q, "policy_id": id_map.get(q["policy_id"], q["policy_id"])} for q in questions]
    started = time.perf_counter()
    build_index(corpus_dir, work / "index", log=lambda _: None)
    print(f"\nimported collection indexed in {time.perf_counter() - started:.1f} s")
    for name, folder, rows in (
        ("imported", work / "index", mapped),
        ("hand-made Markdown", get_settings().index_dir, questions),  # built by `make index`
    ):
        m = evaluate(PolicyIndex.load(folder), rows)["hybrid"]
        print(f"{name:>20}: recall@1 {m['recall@1']:.3f}  recall@5 {m['recall@5']:.3f}  MRR {m['mrr']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="generated documents per format")
    parser.add_argument("--ranking", choices=FORMATS, default=None, help="index and evaluate this format")
    parser.add_argument("--mismatches", action="store_true", help="list every wrong field")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=FORMATS, help="formats to render")
    args = parser.parse_args(argv)
    args.formats = [f for f in FORMATS if f in args.formats or f == args.ranking]
    with tempfile.TemporaryDirectory(prefix="import-accuracy-") as tmp:
        work = Path(tmp)
        docs = generated_set(args.count)
        stems = [f"gen-{i:03d}" for i in range(len(docs))]
        generated = {}
        for fmt in args.formats:
            records, _ = _import(docs, fmt, work / "generated", stems)
            generated[fmt] = [(_truth(d), r) for d, r in zip(docs, records, strict=True)]
        _print_table(f"Generated set ({len(docs)} documents per format)", generated, args.mismatches)

        policies = load_corpus(ROOT / "data" / "policies")
        stems = [p.id for p in policies]
        round_trip, outputs = {}, {}
        for fmt in args.formats:
            policy_docs = [from_policy(p, ROUND_TRIP_LAYOUT[fmt]) for p in policies]
            records, outputs[fmt] = _import(policy_docs, fmt, work / "corpus", stems)
            round_trip[fmt] = [(_truth(d), r) for d, r in zip(policy_docs, records, strict=True)]
            outputs[fmt] = (outputs[fmt], records)
        _print_table(f"Shipped corpus round trip ({len(policies)} policies)", round_trip, args.mismatches)
        if args.ranking:
            corpus_dir, records = outputs[args.ranking]
            _ranking(corpus_dir, records, stems, work / "ranking")
    return 0


if __name__ == "__main__":
    sys.exit(main())
