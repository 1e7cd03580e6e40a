"""Reading a rendered PDF back in tests: its text, and how much of its first page is drawn dark."""

from __future__ import annotations

from pathlib import Path

import pypdfium2


def read_pdf(pdf: bytes, png: Path | None = None) -> tuple[str, int]:
    """The PDF's text (all pages) and the dark pixels of page 1 rendered to PNG (saved to ``png``).

    Missing Chinese glyphs render as blank boxes: a page of text draws thousands of dark pixels.
    """
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        image = document[0].render(scale=1).to_pil()
    finally:
        document.close()
    if png is not None:
        image.save(png)
    return text, sum(image.convert("L").histogram()[:128])
