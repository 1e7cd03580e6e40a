"""Two per-message costs of Rasa 3.6 replaced by cached equivalents that give the same results.

Measured with py-spy on the Rasa server answering policy questions (docs in bot/README.md):

* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every action-server
  response, which re-checks Rasa's (constant) response schema against the JSON Schema 2020-12
  meta-schema each time — about a quarter of the server's CPU per message. Here the schema is
  checked once and its validator kept; errors are the same (``best_match``, same message suffix).
* ``Event.resolve_by_type`` walks every ``Event`` subclass for every event it deserialises (each
  tracker load and each action response). Here the type names are looked up in a dict built once;
  an unknown name falls back to Rasa's own lookup.

Applied only to the Rasa release these were measured on (3.6.x); :func:`apply` is idempotent.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

logger = logging.getLogger(__name__)

#: Rasa releases whose internals these replacements were written against.
SUPPORTED_RASA = "3.6."


@functools.lru_cache(maxsize=1)
def action_response_validator() -> Any:
    """The validator of Rasa's action-server response schema, its schema checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Same as Rasa 3.6's ``RemoteAction._validate_action_result``, with a cached validator."""
    from jsonschema import ValidationError, exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error: ValidationError | None = exceptions.best_match(action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, type]:
    """Every ``Event`` subclass known when first asked, by ``type_name`` (first one wins, as in Rasa)."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    types: dict[str, type] = {}
    for cls in all_subclasses(Event):
        types.setdefault(cls.type_name, cls)
    return types


def apply() -> bool:
    """Install both replacements on this Rasa; False (and a warning) on an unsupported release."""
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    if not rasa.__version__.startswith(SUPPORTED_RASA):
        logger.warning("huiqi_rasa.speedups: Rasa %s not supported, left unchanged", rasa.__version__)
        return False
    if getattr(Event.resolve_by_type, "_huiqi", False):
        return True
    original = Event.resolve_by_type

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        cls = event_types().get(type_name)
        return cls if cls is not None else original(type_name, default)

    resolve_by_type._huiqi = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    return True
