"""Public policy pages: ``GET /policies/<id>`` shows one policy's text, clause by clause, with the
conditions extracted from it (what the eligibility check reads, shown so that anyone can review it).

WeChat citations and other channels link here.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

from matching import CorrectionsError, load_vocabulary, policy_conditions
from policy_index.chunking import chunk_policy
from policy_index.corpus import CorpusError, load_policy

from .services import get_store

bp = Blueprint("policies", __name__)

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


@bp.get("/policies/<policy_id>")
def policy_page(policy_id: str) -> str:
    """One policy of ``CORPUS_DIR``; 404 for an unknown or malformed id."""
    if not _ID.match(policy_id) or policy_id.startswith("."):
        abort(404)
    path = Path(current_app.config["CORPUS_DIR"]) / f"{policy_id}.md"
    if not path.is_file():
        abort(404)
    try:
        policy = load_policy(path)
    except CorpusError:
        abort(404)
    clauses: dict[str, list[str]] = {}
    for chunk in chunk_policy(policy):
        text = chunk.text.removeprefix(chunk.clause).strip()  # 第三条 … carries its own label
        clauses.setdefault(chunk.clause, [])
        if text not in clauses[chunk.clause]:
            clauses[chunk.clause].append(text)
    try:
        conditions = policy_conditions(policy, current_app.config["CORPUS_DIR"], load_vocabulary())
    except CorrectionsError:  # the page still shows the policy; the editor sees the error in the CLI
        conditions = None
    return render_template(
        "policy.html",
        policy=policy,
        expired=policy.is_expired(),
        clauses=[(label, "\n".join(texts)) for label, texts in clauses.items()],
        conditions=conditions,
        open_feedback=get_store().feedback.open_count(policy.id),
    )
