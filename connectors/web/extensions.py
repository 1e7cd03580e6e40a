"""Flask extensions shared by the blueprints, bound to the app in ``create_app``."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

#: CSRF protection on every form (the console); JSON chat endpoints and Twilio webhooks are exempt.
csrf = CSRFProtect()

#: Rate limits; storage from ``RATELIMIT_STORAGE_URI`` (memory by default, Redis to share across workers).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
