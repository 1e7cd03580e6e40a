"""``policy-index import FILE_OR_DIR... --out CORPUS_DIR``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from policy_index.importer.pipeline import import_documents

__all__ = ["import_command"]


@click.command("import")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="政策库目录（写入 <id>.md；已有同一文件的政策就地更新）",
)
def import_command(inputs: tuple[Path, ...], out_dir: Path) -> None:
    """把公文（.docx、有文字层的 .pdf、保存的网页 .html）导入为政策库的 Markdown 文件。

    每个输入在标准输出打印一行 JSON：file, path, id, title, issuer, doc_no, issued, valid_until,
    missing（没找到的字段）, warnings。无法导入的文件不写任何内容，原因打印到标准错误，退出码为 1。
    """
    failed = 0
    count = 0
    for record, error in import_documents(inputs, out_dir):
        count += 1
        click.echo(json.dumps(record, ensure_ascii=False))
        if error:
            failed += 1
            click.echo(f"错误：{record['file']}：{error}", err=True)
    if count == 0:
        raise click.ClickException("没有可导入的文件（支持 .docx、.pdf、.html/.htm）")
    if failed:
        raise SystemExit(1)
