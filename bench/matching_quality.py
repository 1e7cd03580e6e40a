"""Precision and recall of ``huiqi match`` on hand-labelled firm profiles.

Each profile in ``data/eval/profiles/*.json`` is matched against the shipped collection (on a fixed
date, so that expiry does not drift); ``labels.yaml`` says which policies the firm truly qualifies for
and which look-alike traps it must not be told it qualifies for. Prints:

* precision of 符合 — of the policies listed 符合, the share the firm truly qualifies for;
* recall of 符合 and of 符合 + 可能符合 — of the truly qualifying policies, the share listed there;
* traps listed 符合 (must be 0).

    .venv/bin/python bench/matching_quality.py [--profiles DIR] [--today YYYY-MM-DD] [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import yaml

from huiqi.settings import PROJECT_ROOT, get_settings
from matching import corpus_conditions, load_profile, load_vocabulary, match_firm

DEFAULT_PROFILES = PROJECT_ROOT / "data" / "eval" / "profiles"
#: The date the labels were written for (policies expiring before it are expired).
LABEL_DATE = dt.date(2026, 12, 1)


def evaluate(profiles_dir: Path, today: dt.date, verbose: bool = False) -> dict:
    """Match every labelled profile and count agreements with the labels."""
    labels = yaml.safe_load((profiles_dir / "labels.yaml").read_text(encoding="utf-8"))
    vocabulary = load_vocabulary()
    conditions = corpus_conditions(get_settings().corpus_dir, vocabulary)
    listed = true_listed = qualifying = found_eligible = found_any = trap_hits = traps = 0
    for key, label in sorted(labels.items()):
        profile = load_profile(profiles_dir / f"{key}.json")
        report = match_firm(profile, conditions, vocabulary, today)
        eligible = {m.policy_id for m in report.eligible}
        maybe = {m.policy_id for m in report.maybe}
        truth = set(label.get("qualifies") or [])
        trap = set(label.get("traps") or [])
        listed += len(eligible)
        true_listed += len(eligible & truth)
        qualifying += len(truth)
        found_eligible += len(truth & eligible)
        found_any += len(truth & (eligible | maybe))
        traps += len(trap)
        trap_hits += len(trap & eligible)
        if verbose and (eligible - truth or truth - eligible - maybe or trap & eligible):
            print(
                f"{key}: 多列为符合 {sorted(eligible - truth)}；漏掉 {sorted(truth - eligible - maybe)}；"
                f"仅可能符合 {sorted(truth & maybe)}；陷阱 {sorted(trap & eligible)}"
            )
    return {
        "profiles": len(labels),
        "listed_eligible": listed,
        "precision_eligible": true_listed / listed if listed else 1.0,
        "qualifying": qualifying,
        "recall_eligible": found_eligible / qualifying if qualifying else 1.0,
        "recall_eligible_or_maybe": found_any / qualifying if qualifying else 1.0,
        "traps": traps,
        "traps_listed_eligible": trap_hits,
    }


def main() -> None:
    """Print the figures (the README quotes them)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=Path, default=DEFAULT_PROFILES)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=LABEL_DATE)
    parser.add_argument("--verbose", action="store_true", help="逐个列出与标注不一致之处")
    args = parser.parse_args()
    r = evaluate(args.profiles, args.today, args.verbose)
    print(f"profiles: {r['profiles']}, truly qualifying pairs: {r['qualifying']}, traps: {r['traps']}")
    print(f"符合 precision: {r['precision_eligible']:.3f} ({r['listed_eligible']} listed)")
    print(f"符合 recall: {r['recall_eligible']:.3f}")
    print(f"符合 + 可能符合 recall: {r['recall_eligible_or_maybe']:.3f}")
    print(f"traps listed 符合: {r['traps_listed_eligible']}")


if __name__ == "__main__":
    main()
