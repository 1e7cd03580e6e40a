"""Extensions the Rasa server (``.venv-rasa``) loads from this project, through Rasa's documented hooks.

``bot/endpoints.yml`` names :class:`huiqi_rasa.tracker_store.HuiqiSQLTrackerStore` as the tracker
store (Rasa runs from ``bot/``, which it puts on ``sys.path``). Importing it also applies
:mod:`huiqi_rasa.speedups`. Nothing here is imported by the application environment.
"""
