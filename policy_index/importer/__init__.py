"""Import official documents (Word .docx, PDF with a text layer, saved web pages) into the corpus format.

``policy-index import FILE_OR_DIR... --out CORPUS_DIR`` writes one Markdown file per document, with
the front matter found in the document itself (title, issuer, doc_no, issued, valid_until), and prints
one JSON line per input. Modules: ``readers`` (one per format), ``cleaning`` (page numbers, running
headers, 版记, site boilerplate), ``fields`` (front matter), ``dates`` (Chinese dates), ``writer``
(ids, files), ``pipeline`` (the run), ``cli`` (the command).
"""

from __future__ import annotations

from policy_index.importer.document import ImportFailure
from policy_index.importer.pipeline import RESULT_KEYS, convert, import_documents

__all__ = ["RESULT_KEYS", "ImportFailure", "convert", "import_documents"]
