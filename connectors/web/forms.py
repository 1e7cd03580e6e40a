"""Console forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """A lawyer's or office user's sign-in."""

    login = StringField("登录名", validators=[DataRequired("请输入登录名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=200)])


class ReplyForm(FlaskForm):
    """The lawyer's answer to the firm (shown in the web chat and sent by SMS)."""

    text = TextAreaField(
        "答复内容",
        validators=[DataRequired("答复内容不能为空"), Length(max=5000, message="答复最多 5000 字")],
    )


class AssignForm(FlaskForm):
    """Hand the ticket to another lawyer of the same team."""

    lawyer = SelectField("指派给", choices=[], validate_choice=True)


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token (close, reopen, log out)."""


class WindowCaseForm(FlaskForm):
    """A case at the policy or legal-service window: answered on the spot, or handed to the zone team."""

    firm_name = StringField("企业名称", validators=[DataRequired("请填写企业名称"), Length(max=200)])
    contact_name = StringField("联系人", validators=[DataRequired("请填写联系人"), Length(max=100)])
    phone = StringField("联系电话", validators=[DataRequired("请填写联系电话"), Length(max=30)])
    zone = SelectField("所在区位", choices=[], validate_choice=True)
    question = TextAreaField(
        "咨询问题", validators=[DataRequired("请填写咨询问题"), Length(max=4000, message="问题最多 4000 字")]
    )
    result = RadioField(
        "办理结果",
        choices={"answered": "当场答复", "handoff": "转区位律师团队（生成工单）"},
        default="answered",
        validate_choice=True,
    )
    answer = TextAreaField(
        "答复内容（当场答复时填写）", validators=[Length(max=5000, message="答复最多 5000 字")]
    )
    category = SelectField("工单类别（转律师时）", choices=[], default="政策咨询", validate_choice=True)


class NewAccountForm(FlaskForm):
    """The office creates an office, department or policy-editor account."""

    login = StringField("登录名", validators=[DataRequired("请填写登录名"), Length(max=64)])
    name = StringField("姓名或名称", validators=[DataRequired("请填写姓名或名称"), Length(max=100)])
    # The store checks both and says why in Chinese (WTForms' own message is English).
    role = SelectField("角色", choices=[], validate_choice=False)
    department = SelectField("发文部门（政策制定部门账号）", choices=[], validate_choice=False)
    password = PasswordField(
        "初始密码（至少 10 个字符）", validators=[DataRequired("请设置初始密码"), Length(max=200)]
    )


class PasswordForm(FlaskForm):
    """A new password for an account (the office resets one; anyone changes their own)."""

    password = PasswordField(
        "新密码（至少 10 个字符）", validators=[DataRequired("请输入新密码"), Length(max=200)]
    )


class DisableForm(FlaskForm):
    """Lock an account out, with the reason kept in the audit trail."""

    reason = StringField("停用原因", validators=[Length(max=200)])


class TransferForm(FlaskForm):
    """The district office moves a ticket to another lawyer team, saying why."""

    team = SelectField("转交给团队", choices=[], validate_choice=False)  # the store says why in Chinese
    reason = StringField("转交原因", validators=[DataRequired("请填写转交原因"), Length(max=500)])


class VisitForm(FlaskForm):
    """A lawyer's visit to a firm (走访): topics, findings and the issues to follow up as tickets."""

    firm_name = StringField("企业名称", validators=[DataRequired("请填写企业名称"), Length(max=200)])
    contact_name = StringField("联系人", validators=[DataRequired("请填写联系人"), Length(max=100)])
    phone = StringField("联系电话", validators=[DataRequired("请填写联系电话"), Length(max=30)])
    zone = SelectField("所在区位", choices=[], validate_choice=False)  # the store says why in Chinese
    visited_on = DateField("走访日期", validators=[DataRequired("请填写走访日期（年-月-日）")])
    topics = SelectMultipleField("走访主题", choices=[], validate_choice=False)
    other_topic = StringField("其他主题", validators=[Length(max=40)])
    findings = TextAreaField(
        "走访发现", validators=[DataRequired("请填写走访发现"), Length(max=5000, message="最多 5000 字")]
    )
    follow_ups = TextAreaField("需跟进的问题（每行一条，各生成一张工单）", validators=[Length(max=8000)])
    category = SelectField("跟进工单类别", choices=[], default="政策咨询", validate_choice=False)


class FeedbackForm(FlaskForm):
    """A lawyer or the office flags a policy to its issuing department, with evidence."""

    policy_id = SelectField("政策", choices=[], validate_choice=False)  # checked against the collection
    kind = SelectField("问题类型", choices=[], validate_choice=False)  # the store says why in Chinese
    description = TextAreaField(
        "问题说明", validators=[DataRequired("请说明问题"), Length(max=5000, message="最多 5000 字")]
    )
    tickets = StringField("相关工单号（多个用逗号或空格分开）", validators=[Length(max=1000)])
    conversations = StringField("相关对话编号（web-… / tel-…，可空）", validators=[Length(max=2000)])


class FeedbackStepForm(FlaskForm):
    """One step of a flag: send, acknowledge, answer (with text), changed, close."""

    note = TextAreaField("说明 / 答复内容", validators=[Length(max=5000, message="最多 5000 字")])
