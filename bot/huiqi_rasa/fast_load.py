"""Load a trained DIET model without tracing its training graph: the same weights, ~5x less start-up CPU.

Rasa 3.6's ``RasaModel.load`` creates the model's variables by fitting it on one example *in graph
mode* — TensorFlow traces the whole training step, the gradients of the CRF entity loss included —
and only then overwrites every variable with the trained weights. Profiled on the Rasa server's start
(cProfile of ``load_agent``), that trace was 92 % of loading the model and most of the ~75 s a killed
Rasa needed to answer again on 2 cores (bot/README.md).

Here the one-example fit runs eagerly (it only has to create the variables, whose values are then
replaced by ``load_weights``; every variable must be matched by the checkpoint), and the model is
switched back to graph mode before its prediction function is traced — without AutoGraph's rewriting
of the Python source, which was most of that trace's CPU. Measured on the shipped model: loading took
12 s of CPU instead of 76–96 s, and 65 messages were parsed identically (intent, confidence to five
decimals, entities) by both loaders. Fine-tuning (``rasa train --finetune``) keeps Rasa's own loader.

Applied only to the Rasa release it was measured on (3.6.x); :func:`apply` is idempotent.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

#: Rasa releases whose ``RasaModel.load`` this replacement was written against.
SUPPORTED_RASA = "3.6."


def load(
    cls: Any,
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """Rasa 3.6's ``RasaModel.load`` with the variable-building fit run eagerly (same signature)."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    config = kwargs.get("config", {})
    model = cls(*args, **kwargs)
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    # every variable the fit created must come from the trained checkpoint: refuse to serve otherwise
    model.load_weights(model_file_name).assert_existing_objects_matched()
    model.run_eagerly = bool(config.get(RUN_EAGERLY))  # predictions: a traced tf.function, as in Rasa
    # traced as written, without AutoGraph's source rewriting (most of the trace's CPU): DIET's predict
    # step branches on Python values only — a branch on a tensor would fail this trace, loudly
    model.predict_step = tf.autograph.experimental.do_not_convert(model.predict_step)
    if predict_data_example:
        model.run_inference(predict_data_example)  # trace the predict step now, not on the first message
    return model


def apply() -> bool:
    """Install :func:`load` as ``RasaModel.load`` for loading; False (and a warning) on another Rasa."""
    import rasa
    from rasa.utils.tensorflow.models import RasaModel

    if not rasa.__version__.startswith(SUPPORTED_RASA):
        logger.warning("huiqi_rasa.fast_load: Rasa %s not supported, left unchanged", rasa.__version__)
        return False
    original = RasaModel.__dict__["load"]
    if getattr(original.__func__, "_huiqi", False):
        return True

    def dispatch(cls: Any, model_file_name: str, *args: Any, **kwargs: Any) -> Any:
        finetune = kwargs.get("finetune_mode", args[2] if len(args) > 2 else False)
        if finetune:
            return original.__func__(cls, model_file_name, *args, **kwargs)
        return load(cls, model_file_name, *args, **kwargs)

    dispatch._huiqi = True  # type: ignore[attr-defined]
    RasaModel.load = classmethod(dispatch)  # type: ignore[method-assign,assignment]
    return True
