"""``rasa`` with this project's start-up and per-message speedups applied first (scripts/rasa-serve.sh).

``python -m huiqi_rasa.serve run …`` (from ``bot/``) takes exactly ``rasa``'s arguments: it installs
:mod:`huiqi_rasa.fast_load` (the model loads without tracing its training graph) and
:mod:`huiqi_rasa.speedups`, then hands over to Rasa's own command line.
"""

from __future__ import annotations

import sys

from huiqi_rasa import fast_load, speedups

#: Imported by TensorFlow Lite only when present (``try: from jax import …``), never used by Rasa: about a
#: tenth of the server's import time (``python -X importtime``). Marked absent, the import fails fast.
SKIPPED_IMPORTS = ("jax",)


def main() -> None:
    """Apply the speedups, then run Rasa's command line with this process's arguments."""
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    fast_load.apply()
    speedups.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
