"""The collection's catalogue: each policy's title, issuing department and document number, for the
parts that name policies without searching them (accounts of issuing departments, feedback on a
policy). Read from the corpus folder's front matter and cached until a file there changes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from policy_index.corpus import CorpusError, load_policy, policy_files


@dataclass(frozen=True)
class CatalogueEntry:
    """One policy as other parts name it."""

    policy_id: str
    title: str
    issuer: str | None
    doc_no: str | None


def catalogue(corpus_dir: Path | str) -> dict[str, CatalogueEntry]:
    """Policy id → entry for every readable policy of ``corpus_dir`` (unreadable files are skipped:
    the index build is where they are reported). Empty when the folder does not exist."""
    folder = Path(corpus_dir)
    if not folder.is_dir():
        return {}
    stamp = max((p.stat().st_mtime_ns for p in policy_files(folder)), default=0)
    return _read(str(folder.resolve()), folder.stat().st_mtime_ns, stamp)


def issuing_departments(corpus_dir: Path | str) -> list[str]:
    """The departments that issued the collection's policies, most policies first."""
    counts: dict[str, int] = {}
    for entry in catalogue(corpus_dir).values():
        if entry.issuer:
            counts[entry.issuer] = counts.get(entry.issuer, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


@functools.lru_cache(maxsize=4)
def _read(folder: str, _dir_stamp: int, _file_stamp: int) -> dict[str, CatalogueEntry]:
    entries = {}
    for path in policy_files(Path(folder)):
        try:
            policy = load_policy(path)
        except CorpusError:
            continue
        entries[policy.id] = CatalogueEntry(policy.id, policy.title, policy.issuer, policy.doc_no)
    return entries
