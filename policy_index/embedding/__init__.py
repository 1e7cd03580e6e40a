"""The embedding model, one module per job.

``tokenizer`` rebuilds the XLM-R tokenizer, ``weights`` maps the package's tensors onto a ``BertModel``,
``prepare`` builds and self-checks the model directory, ``onnx_export`` writes and checks the ONNX
export, ``manifests`` tells whether a directory holds a valid build or export, ``backend`` chooses the
runtime and loads the model, ``encoding`` embeds queries and passages, ``cli`` is ``policy-index
prepare-model``. ``policy_index.embedding_model`` is the public API over them.
"""

from __future__ import annotations

import os

# OpenMP threads that spin while waiting make torch 10-15x slower when the 2 cores are shared with the
# other services (measured: one query 1.4 s instead of 90 ms at load 8). Takes effect when this package
# is imported before torch; `OMP_WAIT_POLICY` set by the caller wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
