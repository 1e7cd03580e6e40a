"""The policy review page (``/office/policies``) for editors: upload official documents, review the
extracted fields beside the original text and the clauses with their aspects, fix fields and the
conditions the matcher reads, publish / unpublish / mark expired, and see each policy's history.

Publishing writes the corpus file and starts a background incremental re-index
(:mod:`policy_index.editorial.reindex`); the running action servers swap to it by themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from huiqi.settings import get_settings
from matching import CorrectionsError, load_vocabulary
from matching.conditions import extract_conditions
from matching.corrections import apply_corrections, load_corrections
from matching.editing import correction_form, move_correction, parse_lines, save_correction
from policy_index.aspects import ASPECT_LABELS, clause_aspects
from policy_index.chunking import chunk_policy
from policy_index.editorial import EDITABLE_FIELDS, DeskError, PolicyDesk
from policy_index.editorial.desk import MAX_UPLOAD_BYTES
from policy_index.editorial.history import AuditHistory
from policy_index.editorial.reindex import prewarm, read_status, request_reindex
from tickets.store import CHINA_TZ

from . import auth, console
from .services import get_store

bp = Blueprint("editor", __name__, url_prefix="/office/policies")
bp.before_request(auth.require_roles("editor"))  # others: the sign-in page, or 403
bp.context_processor(console.inject_account)
log = logging.getLogger(__name__)

#: How the page names the front-matter fields.
FIELD_LABELS = {
    "title": "标题",
    "issuer": "发文机关",
    "doc_no": "文号",
    "issued": "发布日期",
    "valid_until": "有效期至",
    "zones": "适用区位",
    "industries": "适用行业",
    "tags": "标签",
    "replaced_by": "被以下政策取代",
    "source": "来源",
}


@bp.before_request
def allow_uploads() -> None:
    """Documents are larger than the app's 64 KB form limit: the upload takes a few at once."""
    if request.endpoint == "editor.upload":
        request.max_content_length = MAX_UPLOAD_BYTES * 5


def _work_dir() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "editorial"


def _desk() -> PolicyDesk:
    """The desk, recording versions in the shared audit trail of the ticket database."""
    history = AuditHistory(get_store().audit)
    if not current_app.extensions.get("huiqi_history_imported"):  # histories kept as files before
        history.import_files(_work_dir() / "history")
        current_app.extensions["huiqi_history_imported"] = True
    return PolicyDesk(Path(current_app.config["CORPUS_DIR"]), _work_dir(), history)


def _who() -> str:
    return auth.current_account().login


def _reindex() -> None:
    config = current_app.config
    request_reindex(Path(config["CORPUS_DIR"]), Path(config["INDEX_DIR"]), _work_dir())


def _prewarm() -> None:
    """An editor at work: have the index builder loaded before the first publish (if it is kept warm)."""
    if get_settings().index_builder_warm_seconds > 0:
        config = current_app.config
        prewarm(Path(config["CORPUS_DIR"]), Path(config["INDEX_DIR"]), _work_dir())


@bp.get("")
def index() -> str:
    """Every draft and published policy, the upload form, and the re-index state."""
    _prewarm()
    return render_template(
        "editor/index.html", entries=_desk().entries(), reindex=read_status(_work_dir()), results=None
    )


@bp.post("/upload")
def upload() -> Any:
    """Import the uploaded documents into drafts; one clean import goes straight to its review."""
    files = [f for f in request.files.getlist("documents") if f.filename]
    if not files:
        flash("请选择要上传的文件（.docx、.pdf 或 .html）。", "error")
        return redirect(url_for("editor.index"))
    desk = _desk()
    results = [desk.upload(f.filename or "", f.read(), _who()) for f in files]
    done = [r for r in results if r.error is None]
    if len(results) == 1 and done:
        flash(f"已导入“{done[0].record['title']}”，请核对后发布。", "success")
        return redirect(url_for("editor.review", policy_id=done[0].record["id"]))
    status = 200 if done else 400
    return render_template(
        "editor/index.html", entries=desk.entries(), reindex=read_status(_work_dir()), results=results
    ), status


def _conditions_folder(desk: PolicyDesk, policy_id: str) -> Path:
    """Where this policy's corrections live: the corpus when published, else beside the drafts."""
    return desk.corpus_dir if desk.published_path(policy_id) else desk.drafts


def _conditions(desk: PolicyDesk, policy: Any) -> tuple[Any, dict, str | None]:
    vocabulary = load_vocabulary()
    extracted = extract_conditions(policy, vocabulary)
    try:
        corrections = load_corrections(_conditions_folder(desk, policy.id))
        mine = {policy.id: corrections[policy.id]} if policy.id in corrections else {}
        conditions = apply_corrections([extracted], mine, vocabulary)[0]
    except CorrectionsError as exc:
        return extracted, correction_form(extracted), str(exc)
    return conditions, correction_form(conditions), None


@bp.get("/<policy_id>")
def review(policy_id: str) -> str:
    """One policy: fields beside the original text, clauses with aspects, conditions, actions."""
    _prewarm()
    desk = _desk()
    entry = desk.entry(policy_id)
    if entry is None:
        abort(404)
    try:
        policy = desk.policy(policy_id)
    except DeskError as exc:
        policy, problem = None, str(exc)
    else:
        problem = None
    meta = _form_values(desk.text(policy_id))
    imported = desk.import_record(policy_id)
    clauses = []
    conditions = form = conditions_error = None
    if policy is not None:
        clauses = [
            {"label": c.clause, "text": c.text, "aspects": [ASPECT_LABELS[a] for a in clause_aspects(c.text)]}
            for c in chunk_policy(policy)
        ]
        conditions, form, conditions_error = _conditions(desk, policy)
    return render_template(
        "editor/review.html",
        entry=entry,
        policy=policy,
        problem=problem,
        meta=meta,
        body=_body(desk.text(policy_id)),
        fields=EDITABLE_FIELDS,
        labels=FIELD_LABELS,
        original=desk.original_text(policy_id),
        missing=[f for f in (imported or {}).get("missing", []) if not meta.get(f)],
        warnings=(imported or {}).get("warnings", []),
        clauses=clauses,
        conditions=conditions,
        form=form,
        conditions_error=conditions_error,
        concepts=sorted(load_vocabulary().by_name),
        today=dt.datetime.now(CHINA_TZ).date().isoformat(),
        reindex=read_status(_work_dir()),
    )


def _form_values(text: str) -> dict[str, str]:
    import frontmatter

    meta = frontmatter.loads(text).metadata
    values = {}
    for name in EDITABLE_FIELDS:
        value = meta.get(name)
        values[name] = (
            "、".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        )
    return values


def _body(text: str) -> str:
    import frontmatter

    return frontmatter.loads(text).content.strip()


@bp.post("/<policy_id>")
def save(policy_id: str) -> Any:
    """Save the fixed fields (and body) into the policy's draft."""
    desk = _desk()
    if desk.entry(policy_id) is None:
        abort(404)
    fields = {name: request.form.get(name, "") for name in EDITABLE_FIELDS if name in request.form}
    try:
        version = desk.save(policy_id, fields, request.form.get("body"), _who())
    except DeskError as exc:
        flash(f"未保存：{exc}", "error")
        return redirect(url_for("editor.review", policy_id=policy_id))
    if version is None:
        flash("没有改动。", "info")
    else:
        changed = "、".join(FIELD_LABELS.get(f, f) for f in version.fields)
        flash(f"已保存为草稿（改动：{changed}），发布后生效。", "success")
    return redirect(url_for("editor.review", policy_id=policy_id))


def _change(policy_id: str, action: str) -> Any:
    desk = _desk()
    if desk.entry(policy_id) is None:
        abort(404)
    try:
        if action == "publish":
            desk.publish(policy_id, _who())
            move_correction(policy_id, desk.drafts, desk.corpus_dir)
            message = "已发布：索引正在后台更新，完成后服务自动切换（本页显示进度）。"
        elif action == "unpublish":
            desk.unpublish(policy_id, _who())
            move_correction(policy_id, desk.corpus_dir, desk.drafts)
            message = "已撤回发布：该政策不再被检索，仍保留为草稿。"
        else:
            until = dt.date.fromisoformat(request.form.get("until") or "")
            desk.expire(policy_id, until, _who())
            message = f"已标记失效（有效期至 {until}）：过期后答复会注明失效。"
    except ValueError as exc:  # DeskError, a bad date
        flash(f"未完成：{exc if isinstance(exc, DeskError) else '请填写有效的日期'}", "error")
        return redirect(url_for("editor.review", policy_id=policy_id))
    log.info("policy %s: %s by %s", policy_id, action, _who())
    _reindex()
    flash(message, "success")
    return redirect(url_for("editor.review", policy_id=policy_id))


@bp.post("/<policy_id>/publish")
def publish(policy_id: str) -> Any:
    """Publish the draft: corpus file written, background re-index started."""
    return _change(policy_id, "publish")


@bp.post("/<policy_id>/unpublish")
def unpublish(policy_id: str) -> Any:
    """Take the policy out of the collection (it stays as a draft)."""
    return _change(policy_id, "unpublish")


@bp.post("/<policy_id>/expire")
def expire(policy_id: str) -> Any:
    """Set the last valid day of a published policy."""
    return _change(policy_id, "expire")


@bp.post("/<policy_id>/conditions")
def conditions(policy_id: str) -> Any:
    """Save the editor's correction of the conditions (``_conditions.yaml``), recorded in the history."""
    desk = _desk()
    try:
        policy = desk.policy(policy_id)
    except DeskError:
        abort(404)
    vocabulary = load_vocabulary()
    extracted = correction_form(extract_conditions(policy, vocabulary))
    fix: dict[str, Any] = {}
    try:
        if not request.form.get("reset"):
            scope = parse_lines(request.form.get("scope", ""), vocabulary, "面向对象")
            if scope != extracted["scope"]:
                fix["scope"] = scope
            clauses = {}
            for clause, items in extracted["clauses"].items():
                written = parse_lines(request.form.get(f"clause:{clause}", ""), vocabulary, clause)
                if written != items:
                    clauses[clause] = written
            if clauses:
                fix["clauses"] = clauses
        before, after = save_correction(_conditions_folder(desk, policy_id), policy_id, fix or None)
    except CorrectionsError as exc:
        flash(f"未保存：{exc}", "error")
        return redirect(url_for("editor.review", policy_id=policy_id) + "#conditions")
    if before != after:
        desk.history.record(policy_id, _who(), "conditions", before, after)
        flash("适用条件的更正已保存，“我能享受哪些政策”的核对立即按此进行。", "success")
    else:
        flash("没有改动。", "info")
    return redirect(url_for("editor.review", policy_id=policy_id) + "#conditions")


@bp.get("/<policy_id>/history")
def history(policy_id: str) -> str:
    """Who changed what and when, newest first, each with its diff."""
    desk = _desk()
    versions = desk.versions(policy_id)
    if desk.entry(policy_id) is None and not versions:
        abort(404)
    return render_template(
        "editor/history.html",
        policy_id=policy_id,
        entry=desk.entry(policy_id),
        versions=versions,
        labels=FIELD_LABELS,
    )
