"""The ``policy-index`` command: build, search, eval, calibrate, prepare-model, import."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policy_index.answerable import MAX_FALSE_FLAG
from policy_index.embedding_model import prepare_model_command
from policy_index.importer.cli import import_command

if TYPE_CHECKING:
    from policy_index.build_lock import Holder

__all__ = ["main"]

#: Exit status of ``policy-index build --no-wait`` when another process is building the index folder.
BUSY_EXIT = 3
#: Seconds between the "still waiting" lines while another builder holds the index folder.
WAIT_REPORT_SECONDS = 15.0


def _settings():
    from huiqi.settings import get_settings

    return get_settings()


def _load(index_dir: Path | None):
    """The index, read with the place names of the settings' zones file (as the server reads it)."""
    from policy_index.index import PolicyIndex
    from policy_index.manifest import StaleIndexError
    from policy_index.zone_scope import read_zone_names

    zones_file = _settings().zones_file
    try:
        zone_names = read_zone_names(zones_file) if zones_file.is_file() else None
        return PolicyIndex.load(index_dir, zone_names=zone_names)
    except (StaleIndexError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def main() -> None:
    """惠企政策检索引擎：构建索引、检索条款、评测。"""


main.add_command(prepare_model_command)
main.add_command(import_command)

#: ``--index DIR``, shared by the commands that read a built index.
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="索引目录（默认 HUIQI_INDEX_DIR）",
)


@main.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="政策目录（默认 HUIQI_CORPUS_DIR）",
)
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=None, help="索引目录（默认 HUIQI_INDEX_DIR）"
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="嵌入模型目录（默认 HUIQI_EMBED_MODEL）",
)
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--no-wait", is_flag=True, help="索引目录正被另一个构建进程使用时不等待，直接退出（状态码 3）")
def build(
    corpus_dir: Path | None, out_dir: Path | None, model_dir: Path | None, quiet: bool, no_wait: bool
) -> None:
    """从政策目录构建（或增量更新）检索索引。

    与审核页发布后的后台重建互斥：索引目录正在被构建时，等它完成（它若已把政策目录的当前内容建入索引，
    本命令直接结束），或加 --no-wait 立即退出。
    """
    from policy_index.build import build_index
    from policy_index.build_lock import BuildLock, holder
    from policy_index.corpus import CorpusError
    from policy_index.manifest import StaleIndexError

    settings = _settings()
    corpus = (corpus_dir or settings.corpus_dir).resolve()
    out = (out_dir or settings.index_dir).resolve()
    log = (lambda _m: None) if quiet else (lambda m: click.echo(m, err=True))
    with BuildLock(out, "cli", corpus) as lock:
        found = lock.acquire(
            wait=not no_wait, until_built=model_dir is None, on_wait=_waiting_reporter(out, corpus)
        )
        if found == "busy":
            click.echo(_busy_message(out, no_wait=True), err=True)
            sys.exit(BUSY_EXIT)
        if found == "built":
            by = holder(out)
            who = by.describe() if by else "另一个构建进程"
            click.echo(f"索引已是最新：政策目录 {corpus} 的当前内容已由{who}建入 {out}，无需再建。")
            return
        try:
            result = build_index(
                corpus,
                out,
                model_dir=model_dir,
                progress=not quiet,
                log=log,
                reranker_dir=settings.reranker_dir,
            )
        except CorpusError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        except StaleIndexError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(
        f"完成：政策 {result['policy_count']} 件，条款块 {result['chunk_count']} 个，"
        f"新嵌入 {result['embedded']} 个，复用 {result['reused']} 个，用时 {result['seconds']} 秒"
    )
    fit = (result.get("reranker") or {}).get("abstention")
    if fit:
        held = "—" if fit["held_out_flagged"] is None else f"{fit['held_out_flagged']:.1%}"
        click.echo(
            f"重排序：已启用；拒答阈值 {fit['threshold']:.3f}，"
            f"由本政策库生成的 {fit['generated']} 个问题自动拟合（生成问题被判无匹配 "
            f"{fit['positives_flagged']:.1%}，去掉所属政策后被识别 {held}）"
            + (
                "；本政策库是训练集之一，按其标注问题所需的比例定阈值"
                if fit.get("quantile_from") == "labelled"
                else ""
            )
        )
    else:
        click.echo(
            "注意：没有训练好的重排序模型，检索按融合排序、拒答用默认校准（运行 `make reranker`）。", err=True
        )


def _busy_message(out: Path, *, no_wait: bool) -> str:
    from policy_index.build_lock import holder

    found = holder(out)
    who = found.describe() if found else "另一个构建进程"
    then = (
        "去掉 --no-wait 可等它完成后再构建。"
        if no_wait
        else "它监视的是另一个政策目录，不会让出索引目录：请先停止它，或换一个 --out 后再试。"
    )
    return f"索引目录 {out} 正被{who}使用，本次未做任何改动。{then}"


def _waiting_reporter(out: Path, corpus: Path) -> Callable[[Holder | None, float], None]:
    """``on_wait`` of the build lock: say once whom the build waits for and why, then every
    :data:`WAIT_REPORT_SECONDS` how long it has waited. A resident builder of another corpus never
    leaves the folder: refuse instead of waiting for ever."""
    last = [-math.inf]

    def report(found: Holder | None, waited: float) -> None:
        if found is not None and found.role == "resident" and Path(found.corpus) != corpus:
            click.echo(_busy_message(out, no_wait=False), err=True)
            sys.exit(BUSY_EXIT)
        if waited - last[0] < WAIT_REPORT_SECONDS:
            return
        who = found.describe() if found else "另一个构建进程"
        if last[0] == -math.inf:
            same = found is not None and found.role != "cli" and Path(found.corpus) == corpus
            then = "它会把政策目录的这次改动建入索引，建好后本命令即结束" if same else "它完成后再构建"
            click.echo(f"索引目录 {out} 正被{who}使用，等待中：{then}（Ctrl-C 取消）……", err=True)
        else:
            click.echo(f"……仍在等待{who}（已等 {waited:.0f} 秒）", err=True)
        last[0] = waited

    return report


@main.command("train-reranker")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="训练用政策目录（默认随附的 data/policies）",
)
@click.option(
    "--questions",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="标注问题 JSONL（默认 data/eval/questions.jsonl）",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="模型目录（默认 HUIQI_RERANKER_DIR）",
)
@click.option("--force", is_flag=True, help="输入未变、仓库也随附了同样输入的模型时，仍重新训练")
@click.option("--ship", is_flag=True, help="训练后把模型写入仓库随附目录 data/reranker（供提交）")
def train_reranker_command(
    corpus_dir: Path | None, questions: Path | None, out_dir: Path | None, force: bool, ship: bool
) -> None:
    """训练重排序模型与拒答模型（固定随机种子；输入未变或仓库随附同样输入的模型时跳过）。"""
    from policy_index.rerank_train import train_if_needed

    log = lambda m: click.echo(m, err=True)  # noqa: E731
    try:
        said = train_if_needed(_settings(), corpus_dir, questions, out_dir, force=force, ship=ship, log=log)
        click.echo(said)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def _jsonl(index, top_k: int, zone: str | None, policy_id: str | None = None) -> None:
    from policy_index.index import QueryError

    for line in sys.stdin:
        if not line.strip():
            continue
        q = None
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise QueryError('每行应为 JSON 对象，如 {"q": "问题"}')
            q = obj.get("q")
            res = index.search(
                q,
                k=top_k,
                zone=obj.get("zone", zone) if zone is None else zone,
                policy_id=obj.get("policy_id", policy_id) if policy_id is None else policy_id,
            )
            out = {
                "q": res["q"],
                "answerable": res["answerable"],
                "hits": res["hits"],
                "normalized_q": res["normalized_q"],
            }
        except json.JSONDecodeError:
            out = {"q": None, "answerable": False, "hits": [], "error": "该行不是有效的 JSON"}
        except QueryError as exc:
            out = {"q": q if isinstance(q, str) else None, "answerable": False, "hits": [], "error": str(exc)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _aspect_note(hit: dict) -> str:
    from policy_index.aspects import ASPECT_LABELS

    labels = [ASPECT_LABELS.get(name, name) for name in hit.get("aspects") or []]
    return f"  ·  涉及：{'、'.join(labels)}" if labels else ""


def _print_human(res: dict) -> None:
    click.echo(f"问题：{res['q']}")
    if res["normalized_q"] != res["q"]:
        click.echo(f"（规范化后：{res['normalized_q']}）")
    if res["answerable"]:
        click.echo("判断：找到相关政策条款")
    else:
        click.echo("判断：没有找到能回答该问题的政策（以下仅供参考，建议转人工律师）")
    for rank, hit in enumerate(res["hits"], start=1):
        status = "【已失效】" if hit["expired"] else ""
        until = f"，有效期至 {hit['valid_until']}" if hit.get("valid_until") else ""
        doc = (
            f"（{hit['doc_no']}{until}）"
            if hit.get("doc_no")
            else (f"（{until.lstrip('，')}）" if until else "")
        )
        click.echo(f"\n{rank}. {status}{hit['title']}{doc}")
        click.echo(f"   {hit['policy_id']} {hit['clause']}  ·  相关度 {hit['score']:.3f}{_aspect_note(hit)}")
        if hit["expired"] and hit.get("replaced_by"):
            click.echo(f"   该政策已失效，现行政策见 {hit['replaced_by']}")
        click.echo("   " + hit["text"].replace("\n", "\n   "))


@main.command()
@click.argument("question", required=False)
@index_option
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 100), help="返回条数")
@click.option("--zone", default=None, help="企业所在区域（街道/镇/功能区），只返回适用于该区域的政策")
@click.option("--policy", "policy_id", default=None, help="只在这一件政策（编号）的条款中检索")
@click.option("--jsonl", "jsonl", is_flag=True, help='从标准输入逐行读取 {"q": ...}，逐行输出 JSON')
def search(
    question: str | None,
    index_dir: Path | None,
    top_k: int,
    zone: str | None,
    policy_id: str | None,
    jsonl: bool,
) -> None:
    """检索政策条款：`policy-index search "问题"`，或 --jsonl 批量。"""
    from policy_index.index import QueryError

    if not jsonl and question is None:
        raise click.UsageError("请给出问题，或使用 --jsonl 从标准输入读取。")
    index = _load(index_dir)
    if jsonl:
        _jsonl(index, top_k, zone, policy_id)
        return
    if policy_id is not None and index.policy(policy_id) is None:
        raise click.ClickException(f"索引中没有编号为 {policy_id} 的政策。")
    try:
        res = index.search(question, k=top_k, zone=zone, policy_id=policy_id)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_human(res)


@main.command("eval")
@index_option
@click.option(
    "--questions", type=click.Path(exists=True, path_type=Path), required=True, help="标注问题 JSONL"
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部指标")
@click.option(
    "--mode", "modes", multiple=True, type=click.Choice(["lexical", "dense", "hybrid"]), help="只评测指定通道"
)
def eval_command(index_dir: Path | None, questions: Path, as_json: bool, modes: tuple[str, ...]) -> None:
    """评测 recall@1、recall@5、MRR、passage hit@5 与拒答指标（三个通道并列）。"""
    from policy_index.evaluate import evaluate, format_report, load_questions

    index = _load(index_dir)
    try:
        rows = load_questions(questions)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    report = evaluate(index, rows, modes=modes or ("lexical", "dense", "hybrid"))
    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else format_report(report))


@main.command()
@index_option
@click.option(
    "--questions",
    type=click.Path(exists=True, path_type=Path),
    required=True,
    help="标注问题 JSONL（开发集）",
)
@click.option(
    "--max-false-flag",
    default=MAX_FALSE_FLAG,
    show_default=True,
    type=float,
    help="可回答问题被误判的上限比例",
)
def calibrate(index_dir: Path | None, questions: Path, max_false_flag: float) -> None:
    """在开发集上校准 answerable 判断，写入 policy_index/calibration.json（按模型区分）。"""
    from policy_index.calibrate import calibrate_index
    from policy_index.evaluate import load_questions

    index = _load(index_dir)
    try:
        rows = load_questions(questions)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(calibrate_index(index, rows, max_false_flag=max_false_flag))


if __name__ == "__main__":
    main()
