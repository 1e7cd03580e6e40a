"""Console forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
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
