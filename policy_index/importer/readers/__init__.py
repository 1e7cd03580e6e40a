"""One reader per input format; each returns a :class:`~policy_index.importer.document.RawDocument`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policy_index.importer.document import ImportFailure, RawDocument

__all__ = ["MAX_BYTES", "SUPPORTED", "read_document"]

#: Largest input accepted (an official document is rarely over a few megabytes).
MAX_BYTES = 50 << 20


def _docx(path: Path) -> RawDocument:
    from policy_index.importer.readers.docx import read_docx

    return read_docx(path)


def _pdf(path: Path) -> RawDocument:
    from policy_index.importer.readers.pdf import read_pdf

    return read_pdf(path)


def _html(path: Path) -> RawDocument:
    from policy_index.importer.readers.html import read_html

    return read_html(path)


SUPPORTED: dict[str, Callable[[Path], RawDocument]] = {
    ".docx": _docx,
    ".pdf": _pdf,
    ".html": _html,
    ".htm": _html,
}


def read_document(path: Path) -> RawDocument:
    """Read one input file with the reader for its extension.

    Raises:
        ImportFailure: unsupported type, empty, too large, unreadable, encrypted or corrupt.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = "（旧版 .doc 请先在 Word/WPS 中另存为 .docx）" if suffix in (".doc", ".wps") else ""
        raise ImportFailure(
            f"不支持的文件类型“{suffix or '无扩展名'}”：只能导入 .docx、.pdf、.html/.htm{hint}"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailure(f"无法读取文件：{exc.strerror}") from exc
    if size == 0:
        raise ImportFailure("文件是空的（0 字节）")
    if size > MAX_BYTES:
        raise ImportFailure(f"文件过大（{size / 1048576:.1f} MB，上限 {MAX_BYTES >> 20} MB）")
    return SUPPORTED[suffix](path)
