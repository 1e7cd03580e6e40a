"""What every embedding-model job shares: constants, the error type, progress logging, offline mode."""

from __future__ import annotations

import os
from collections.abc import Callable

import click

#: Bump when the produced directory changes; a directory built by another version is rebuilt.
BUILDER_VERSION = 1
MANIFEST_NAME = "huiqi-model-manifest.json"
#: e5's prefixes. sentence-transformers' ``encode_document`` looks for "document" first (and would find an
#: empty default), so the passage prefix is stored under both names.
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
#: A query and a passage the rebuilt model and its ONNX export are checked on.
SELF_CHECK = ["高新技术企业认定后区里奖励多少钱？", "对首次认定的高新技术企业给予20万元一次性奖励。"]
BACKENDS = ("onnx", "torch")

Log = Callable[[str], None]


class EmbeddingModelError(RuntimeError):
    """The embedding model directory is missing, invalid or could not be built."""


def echo(message: str) -> None:
    """Default progress log: one line on stderr."""
    click.echo(message, err=True)


def offline() -> None:
    """Make sure nothing below ever reaches a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
