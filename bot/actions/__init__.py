"""Custom actions of the Huiqi Desk assistant, served by the rasa-sdk action server.

Start with ``python -m rasa_sdk --actions bot.actions``. The actions themselves are thin
(:mod:`bot.actions.actions`); composing answers, resolving follow-up questions and building tickets
live in helper modules that have no rasa-sdk dependency.
"""
