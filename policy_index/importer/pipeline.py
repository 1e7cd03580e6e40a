"""Import official documents into a corpus folder: read, clean, extract, check, write (or refuse)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from policy_index.importer.cleaning import clean_lines, join_paragraphs
from policy_index.importer.document import ImportFailure
from policy_index.importer.fields import Extracted, extract_fields
from policy_index.importer.readers import SUPPORTED, read_document
from policy_index.importer.writer import CorpusFiles, render_markdown, write_atomic

__all__ = ["FIELDS", "RESULT_KEYS", "check_markdown", "convert", "expand_inputs", "import_documents"]

#: Front-matter fields the importer looks for; those not found are listed in ``missing``.
FIELDS = ("title", "issuer", "doc_no", "issued", "valid_until")
#: The keys of one result line (a contract: ``policy-index import`` prints exactly these).
RESULT_KEYS = (
    "file",
    "path",
    "id",
    "title",
    "issuer",
    "doc_no",
    "issued",
    "valid_until",
    "missing",
    "warnings",
)


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files to import: each file as given, each folder's supported files (recursively, sorted)."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(
                p
                for p in sorted(item.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith((".", "~$"))
            )
        else:
            files.append(item)
    return files


def convert(path: Path) -> tuple[Extracted, list[str]]:
    """Read and analyse one document: its fields and its body paragraphs.

    Raises:
        ImportFailure: unreadable input, or no title / no text found.
    """
    if not path.exists():
        raise ImportFailure("文件不存在")
    doc = read_document(path)
    lines = clean_lines(doc)
    fields = extract_fields(doc, lines)
    body = join_paragraphs(fields.body) if doc.paged else fields.body
    paragraphs = [line.text for line in body if line.text.strip()]
    if not fields.title:
        raise ImportFailure("找不到文件标题：请检查文件，或手工编写该政策的 Markdown")
    if not paragraphs:
        raise ImportFailure("去掉页眉页脚、版记和网站框架后没有正文")
    if fields.issued and fields.valid_until and fields.valid_until < fields.issued:
        fields.warnings.append(f"有效期 {fields.valid_until} 早于发布日期 {fields.issued}，未采用")
        fields.valid_until = None
    return fields, paragraphs


def _record(path: Path, fields: Extracted | None, written: Path | None, policy_id: str | None) -> dict:
    def value(name: str):
        got = getattr(fields, name) if fields else None
        return got.isoformat() if isinstance(got, dt.date) else got

    return {
        "file": str(path),
        "path": str(written) if written else None,
        "id": policy_id,
        **{name: value(name) for name in FIELDS},
        "missing": [name for name in FIELDS if value(name) in (None, "")],
        "warnings": list(fields.warnings) if fields else [],
    }


def check_markdown(text: str, target: Path) -> None:
    """Refuse Markdown the corpus loader would refuse (validated in a scratch file, not in place).

    Raises:
        ImportFailure: naming every problem the corpus loader found.
    """
    import tempfile

    from policy_index.corpus import CorpusError, load_policy

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / target.name
        scratch.write_text(text, encoding="utf-8")
        try:
            load_policy(scratch)
        except CorpusError as exc:
            raise ImportFailure("生成的政策文件未通过校验：" + "；".join(p for _, p in exc.errors)) from exc


def import_documents(
    inputs: Iterable[Path], out_dir: Path, *, also: Sequence[Path] = ()
) -> Iterator[tuple[dict, str | None]]:
    """Import each input into ``out_dir``; yield ``(result line, error or None)`` per input, in order.

    ``also``: folders of policies the documents are checked against too (same document, same id).

    A document that cannot be imported writes nothing; the others are still imported. The same
    document number twice in one run with different text is refused the second time; a document
    number already in ``out_dir`` under another title is refused; the same document again updates
    its file (keeping the editor's zones, industries, tags, replaced_by and source).
    """
    out_dir = Path(out_dir)
    corpus = CorpusFiles(out_dir, also)
    seen: dict[str, tuple[Path, str]] = {}  # doc_no → (first input, body digest) in this run
    for path in expand_inputs(inputs):
        fields: Extracted | None = None
        try:
            fields, paragraphs = convert(path)
            digest = hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()
            if fields.doc_no and fields.doc_no in seen and seen[fields.doc_no][1] != digest:
                first = seen[fields.doc_no][0]
                raise ImportFailure(
                    f"文号 {fields.doc_no} 与本次导入的 {first.name} 重复，但正文不同：请确认哪一份是正式文本"
                )
            meta = {name: getattr(fields, name) for name in FIELDS}
            target, kept = corpus.target(meta)
            meta = {**meta, **kept}
            text = render_markdown(meta, paragraphs)
            check_markdown(text, target)
            if not (target.is_file() and target.read_text(encoding="utf-8") == text):
                write_atomic(target, text)
            corpus.remember(target, meta)
            if fields.doc_no:
                seen.setdefault(fields.doc_no, (path, digest))
            yield _record(path, fields, target, meta["id"]), None
        except ImportFailure as exc:
            record = _record(path, fields, None, None)
            record["warnings"].append(f"未导入：{exc}")
            yield record, str(exc)
