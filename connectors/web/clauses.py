"""Clauses named by the console's forms as ``政策编号 [条款]`` lines, looked up in the collection.

The check-up report's "policies to apply for" and a 维权 case's "clause relied on" are both written
this way; the clause text (and the policy's title and issuer) come from the collection itself.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from policy_index.catalogue import catalogue
from policy_index.chunking import chunk_policy
from policy_index.corpus import CorpusError, load_policy


def policy_lines(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """``政策编号 [条款]`` per line → ``{"policy_id", "title", "clause", "text", "issuer"}`` with the
    clause's text from the collection (the first clause when none is named); and the lines that
    name an unknown policy or clause."""
    corpus = current_app.config["CORPUS_DIR"]
    entries, found, unknown = catalogue(corpus), [], []
    for line in (text or "").splitlines():
        parts = line.split(maxsplit=1)
        if not parts:
            continue
        policy_id, clause = parts[0], (parts[1].strip() if len(parts) > 1 else "")
        entry = entries.get(policy_id)
        clause_text = clause_text_of(corpus, policy_id, clause) if entry else None
        if entry is None or clause_text is None:
            unknown.append(line.strip())
            continue
        found.append(
            {
                "policy_id": policy_id,
                "title": entry.title,
                "clause": clause,
                "text": clause_text,
                "issuer": entry.issuer or "",
            }
        )
    return found, unknown


def clause_text_of(corpus: str, policy_id: str, clause: str) -> str | None:
    """The text of ``clause`` (its label as the collection writes it, e.g. 第五条 or 三、（一）), None
    when the policy has no such clause."""
    try:
        policy = load_policy(Path(corpus) / f"{policy_id}.md")
    except CorpusError:
        return None
    texts = [c.text for c in chunk_policy(policy) if not clause or c.clause == clause]
    return texts[0][:300] if texts else None


def policy_line(item: dict[str, str] | None) -> str:
    """A stored policy back as the form's line (``JM-2023-004 第五条``)."""
    if not item or not item.get("policy_id"):
        return ""
    return f"{item['policy_id']} {item.get('clause') or ''}".strip()
