"""Write imported documents into a corpus folder: stable ids, re-import in place, atomic files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from pypinyin import Style, lazy_pinyin

from policy_index.importer.cleaning import compact
from policy_index.importer.document import ImportFailure

__all__ = ["FIELD_ORDER", "CorpusFiles", "policy_id", "render_markdown", "write_atomic"]

#: Front-matter keys in the order the README's corpus format lists them.
FIELD_ORDER = (
    "id",
    "title",
    "issuer",
    "doc_no",
    "issued",
    "valid_until",
    "zones",
    "industries",
    "tags",
    "replaced_by",
    "source",
)
#: Fields an editor adds by hand; a re-import keeps them.
EDITOR_FIELDS = ("zones", "industries", "tags", "replaced_by", "source")
_DOC_NO = re.compile(r"(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<num>\d+)号")


def policy_id(doc_no: str | None, title: str, issued: dt.date | None) -> str:
    """A stable, file-name-safe id: from the document number (崂人社发〔2021〕6号 → LRSF-2021-006),
    otherwise from the title and date (DOC-20240301-1a2b3c4d)."""
    if doc_no and (match := _DOC_NO.fullmatch(doc_no)):
        letters = "".join(
            c[0] for c in lazy_pinyin(match["prefix"], style=Style.FIRST_LETTER) if c and c[0].isalnum()
        )
        return f"{letters.upper()[:12] or 'DOC'}-{match['year']}-{int(match['num']):03d}"
    day = issued.strftime("%Y%m%d") if issued else "nodate"
    return f"DOC-{day}-{hashlib.sha1(compact(title).encode()).hexdigest()[:8]}"


def render_markdown(meta: dict, paragraphs: list[str]) -> str:
    """A corpus file: YAML front matter (README order, empty fields left out) and the body."""
    head = "".join(
        f"{key}: {_yaml_value(meta[key])}\n" for key in FIELD_ORDER if meta.get(key) not in (None, "", [])
    )
    return f"---\n{head}---\n\n" + "\n\n".join(paragraphs) + "\n"


def _yaml_value(value: object) -> str:
    """One front-matter value in YAML: scalars plain (quoted only when YAML needs it), lists inline."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return dumped.removesuffix("...").strip()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class _Entry:
    path: Path
    meta: dict


class CorpusFiles:
    """The corpus folder's existing policies, found by document number and by title + date."""

    def __init__(self, folder: Path, also: Sequence[Path] = ()) -> None:
        """Read the policies of ``folder``, and of the ``also`` folders before it (the review page
        imports into its drafts folder, knowing the published collection: same document, same id)."""
        self.folder = folder
        self.by_doc_no: dict[str, _Entry] = {}
        self.by_title: dict[tuple[str, str], _Entry] = {}
        self.ids: set[str] = set()
        for each in (*also, folder):
            for path in sorted(each.glob("*.md")) if each.is_dir() else []:
                if path.name.startswith(("_", ".")):
                    continue
                try:
                    meta = dict(frontmatter.loads(path.read_text(encoding="utf-8")).metadata)
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    continue
                self.remember(path, meta)

    def remember(self, path: Path, meta: dict) -> None:
        """Record a file written (or found) so later inputs of the same run see it."""
        entry = _Entry(path, meta)
        self.ids.add(path.stem)
        if meta.get("doc_no"):
            self.by_doc_no[compact(str(meta["doc_no"]))] = entry
        if meta.get("title"):
            self.by_title[(compact(str(meta["title"])), str(meta.get("issued") or ""))] = entry

    def target(self, meta: dict) -> tuple[Path, dict]:
        """Where a document goes and the editor's fields to keep: its existing file, or a new id.

        Raises:
            ImportFailure: the document number is already used by a document with another title.
        """
        title = compact(meta["title"] or "")
        existing = None
        if meta.get("doc_no"):
            existing = self.by_doc_no.get(compact(meta["doc_no"]))
            if existing and compact(str(existing.meta.get("title") or "")) != title:
                raise ImportFailure(
                    f"文号 {meta['doc_no']} 已被 {existing.path.name}（“{existing.meta.get('title')}”）使用，"
                    f"与本文件的标题“{meta['title']}”不同：请核对文号，或先处理已有文件"
                )
        else:
            existing = self.by_title.get((title, str(meta.get("issued") or "")))
        if existing:
            kept = {k: existing.meta[k] for k in EDITOR_FIELDS if existing.meta.get(k) not in (None, "")}
            return self.folder / existing.path.name, {**kept, "id": existing.path.stem}
        new_id = policy_id(meta.get("doc_no"), meta["title"] or "", meta.get("issued"))
        if new_id in self.ids:  # same initials, number and year from another issuer
            digest = hashlib.sha1(f"{meta.get('doc_no')}{title}".encode()).hexdigest()[:4]
            new_id = f"{new_id}-{digest}"
        return self.folder / f"{new_id}.md", {"id": new_id}
