"""``PolicyIndex``: load a built index folder and answer questions with ranked, cited clauses."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_index.answerable import AnswerableModel
from policy_index.aspects import asked_aspects, clause_aspects
from policy_index.dense import DenseIndex
from policy_index.fusion import RRF_K, reciprocal_rank_fusion
from policy_index.lexical import LexicalIndex, tokenize_normalized
from policy_index.manifest import StaleIndexError, check_manifest, read_manifest
from policy_index.normalize import (
    collection_sounds,
    fix_collection_homophones,
    normalize_passage,
    normalize_query,
)
from policy_index.old_documents import old_document_first
from policy_index.relief import relief_it_never_grants
from policy_index.rerank_features import (
    TITLE_VECTORS,
    PolicyView,
    QueryView,
    names_document,
    normalized_title,
)
from policy_index.reranker import RERANKER_VERSION, Reranker
from policy_index.signals import QuestionReading, Signals
from policy_index.zone_scope import ZoneNames, with_text_zones

__all__ = ["MAX_QUERY_CHARS", "MODES", "PolicyIndex", "QueryError", "limit_threads"]

#: Longest accepted question (characters).
MAX_QUERY_CHARS = 1000
#: Retrieval modes: both channels fused (default) or one channel alone (evaluation).
MODES = ("hybrid", "lexical", "dense")
#: Candidates taken from each channel before fusion.
CANDIDATES = 100
#: Query vectors kept in memory (repeated questions skip the encoder).
VECTOR_CACHE = 4096
#: Intra-op threads for query encoding. One short query gains little from a second thread, and on the
#: 2-core target, shared with Rasa and the web workers, a spinning second OpenMP thread made one query
#: 13× slower under load (1.36 s instead of 0.10 s); concurrent requests use the cores instead.
QUERY_THREADS = 1


def limit_threads(threads: int = QUERY_THREADS) -> None:
    """Set torch's and FAISS's thread counts for one-query-at-a-time search (process-wide).

    FAISS parallelises over queries, so one query gains nothing from more threads; measured under
    load, a 30,000-vector exact search took 48 ms with two OpenMP threads and 13 ms with one.
    """
    import faiss

    torch = sys.modules.get("torch")  # only when something loaded it: the query encoder may not need it
    if torch is not None and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    faiss.omp_set_num_threads(threads)


def _load_reranker(folder: Path, manifest: dict) -> Reranker | None:
    """The index's reranker with its fitted threshold; ``None`` when it was built without one."""
    info = manifest.get("reranker") or {}
    if info.get("version") != RERANKER_VERSION:
        return None
    try:
        return Reranker.load(folder, threshold=(info.get("abstention") or {}).get("threshold"))
    except ValueError as exc:
        raise StaleIndexError(f"索引目录 {folder} 的重排序模型已损坏（{exc}）。请重新构建索引。") from exc


class QueryError(ValueError):
    """The question is empty, too long or not text; the message is Chinese and shown to the user."""


def validate_query(question: object) -> str:
    """Return the question stripped, or raise :class:`QueryError` with a Chinese message."""
    if isinstance(question, (bytes, bytearray, memoryview)):
        try:
            question = bytes(question).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError("问题不是有效的文字（收到了无法识别的二进制内容）。") from exc
    if not isinstance(question, str):
        raise QueryError("问题必须是文字。")
    text = question.strip()
    if not text:
        raise QueryError("问题不能为空，请输入您想咨询的政策问题。")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"问题过长（{len(text)} 字，上限 {MAX_QUERY_CHARS} 字），请精简后再问。")
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r") or 0xD800 <= ord(ch) <= 0xDFFF
    )
    if bad:
        raise QueryError("问题包含无法识别的二进制或控制字符，请输入正常文字。")
    return text


@dataclass
class Retrieval:
    """One question's candidates from both channels, before fusion and reranking."""

    text: str
    normalized: str
    tokens: list[str]
    vector: np.ndarray | None
    lex_ids: list[int]
    lex_scores: dict[int, float]
    dense_ids: list[int]
    dense_scores: dict[int, float]
    exclude: tuple[int, int] | None
    reading: QuestionReading  # what the question names (read once, for the reranker and the signals)


class PolicyIndex:
    """A loaded index: dense (FAISS) + lexical (BM25) channels over policy clauses."""

    def __init__(
        self,
        folder: Path,
        manifest: dict,
        chunks: list[dict],
        policies: dict[str, dict],
        dense: DenseIndex,
        lexical: LexicalIndex,
        embedder,
        answerable: AnswerableModel,
        reranker: Reranker | None = None,
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.chunks = chunks
        self.policies = policies
        self.dense = dense
        self.lexical = lexical
        self.embedder = embedder
        self.answerable_model = answerable
        self.reranker = reranker
        order = {pid: i for i, pid in enumerate(policies)}
        self._chunk_policy = np.array([order[c["policy_id"]] for c in chunks], dtype=np.int32)
        self._policy_ids = list(policies)
        self._policy_number = {pid: i for i, pid in enumerate(self._policy_ids)}
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        # caches of this index only: caches on the methods would keep every index ever loaded alive,
        # and a server swaps in a new one at each publication (``LiveIndex``)
        self._zone_masks = functools.cache(self._compute_zone_mask)
        self._normalized_texts = functools.lru_cache(maxsize=4096)(self._compute_normalized_text)
        self._policy_texts = functools.lru_cache(maxsize=512)(self._compute_policy_text)
        self.signals = Signals(
            lexical,
            self._chunk_policy,
            self._normalized_text,
            lambda chunk_id: self.policy_text(self.chunks[chunk_id]["policy_id"]),
        )

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        folder: Path | str | None = None,
        *,
        model_dir: Path | str | None = None,
        corpus_dir: Path | str | None = None,
        check_corpus: bool = True,
        verify_files: bool = True,
        embedder=None,
        zone_names: ZoneNames | None = None,
    ) -> PolicyIndex:
        """Load an index folder, refusing it when stale, mismatched or corrupt.

        Args:
            folder: the index folder (default ``settings.index_dir``).
            model_dir: the embedding model to use (default ``settings.embed_model``); must be the one
                the index was built with.
            corpus_dir: the corpus to compare with (default: the one recorded at build time).
            check_corpus: compare the corpus hash (a changed corpus means a stale index).
            verify_files: re-hash the artefacts (detects corruption).
            embedder: an already-loaded SentenceTransformer for ``model_dir``.
            zone_names: the district's zones; a policy whose front matter gives no zones but whose text
                limits it to some of them is served as limited to those (:mod:`policy_index.zone_scope`).

        Raises:
            StaleIndexError: Chinese message saying what is wrong and how to rebuild.
        """
        from huiqi.settings import get_settings

        settings = get_settings()
        folder = Path(folder) if folder is not None else settings.index_dir
        model_dir = Path(model_dir) if model_dir is not None else settings.embed_model
        manifest = read_manifest(folder)
        corpus = None
        if check_corpus:
            corpus = Path(corpus_dir) if corpus_dir is not None else Path(manifest.get("corpus_dir", ""))
        check_manifest(folder, manifest, model_dir=model_dir, corpus_dir=corpus, verify_files=verify_files)
        try:
            chunks = [
                json.loads(line)
                for line in (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
            ]
            policies = json.loads((folder / "policies.json").read_text(encoding="utf-8"))
            dense = DenseIndex.read(folder / "dense.faiss")
            lexical = LexicalIndex.load(folder / "lexical", len(chunks))
        except (OSError, ValueError, RuntimeError) as exc:
            raise StaleIndexError(f"索引目录 {folder} 已损坏，无法读取（{exc}）。请重新构建索引。") from exc
        if dense.ntotal != len(chunks) or manifest.get("chunk_count") != len(chunks):
            raise StaleIndexError(f"索引目录 {folder} 的向量数与分块数不一致，索引已损坏。请重新构建索引。")
        if zone_names is not None:
            texts: dict[str, list[str]] = {}
            for chunk in chunks:
                texts.setdefault(chunk["policy_id"], []).append(chunk["text"])
            policies = with_text_zones(policies, texts, zone_names)
        if embedder is None:  # queries only: the torch-free encoder when the model directory allows it
            from policy_index.onnx_encoder import load_query_encoder

            embedder = load_query_encoder(model_dir)
        answerable = AnswerableModel.for_model((manifest.get("model") or {}).get("fingerprint", ""))
        reranker = _load_reranker(folder, manifest)
        limit_threads()
        index = cls(folder, manifest, chunks, policies, dense, lexical, embedder, answerable, reranker)
        if zone_names is not None:
            index.signals.local_names = frozenset(
                {*zone_names.terms, *zone_names.zones, *zone_names.district_forms}
            )
        index.warm_up()
        return index

    def warm_up(self) -> None:
        """Load the lazily built per-process helpers (jieba, tagger, pinyin table) before the first query."""
        self.search("高新技术企业认定奖励", k=1)
        self._sounds  # noqa: B018 - the collection's sound table, built once here rather than on a query
        self._vectors.clear()

    # ------------------------------------------------------------------ lookup
    def policy(self, policy_id: str) -> dict | None:
        """Front-matter metadata of one policy (plus ``expired``), or ``None``."""
        meta = self.policies.get(policy_id)
        if meta is None:
            return None
        return {**meta, "expired": self._expired(meta)}

    def __len__(self) -> int:
        return len(self.chunks)

    @staticmethod
    def _expired(meta: dict, today: dt.date | None = None) -> bool:
        """Past its ``valid_until``, or repealed by a later policy in force (``repealed_from``)."""
        today = today or dt.date.today()
        until, repealed = meta.get("valid_until"), meta.get("repealed_from")
        return bool(until and dt.date.fromisoformat(until) < today) or bool(
            repealed and dt.date.fromisoformat(repealed) <= today
        )

    def _zone_mask(self, zone: str) -> np.ndarray:
        """Which chunks a search filtered to ``zone`` may return (one mask per zone, cached)."""
        return self._zone_masks(zone)

    def _compute_zone_mask(self, zone: str) -> np.ndarray:
        allowed = np.array(
            [
                meta.get("zones") == "all" or zone in (meta.get("zones") or [])
                for meta in self.policies.values()
            ]
        )
        return allowed[self._chunk_policy]

    def limits_out(self, zone: str) -> bool:
        """Whether some policy of the collection is limited to zones other than ``zone``: a search
        filtered to ``zone`` leaves it out."""
        return not bool(self._zone_mask(zone).all())

    def _normalized_text(self, chunk_id: int) -> str:
        """A chunk's indexed text (title, headings, clause) after passage normalisation."""
        return self._normalized_texts(chunk_id)

    def _compute_normalized_text(self, chunk_id: int) -> str:
        chunk = self.chunks[chunk_id]
        if "normalized" in chunk:  # stored by the build (older indexes: normalised here)
            return chunk["normalized"]
        title = self.policies[chunk["policy_id"]]["title"]
        return normalize_passage(" ".join([title, *chunk["heading_path"], chunk["text"]]))

    def _policy_range(self, policy_id: str) -> tuple[int, int] | None:
        """The chunk-id range of one policy (chunks are stored policy by policy)."""
        if policy_id not in self.policies:
            return None
        number = self._policy_number[policy_id]
        lo, hi = np.searchsorted(self._chunk_policy, [number, number + 1])
        return int(lo), int(hi)

    def _within_policy(self, policy_id: str, mask: np.ndarray | None) -> np.ndarray:
        """``mask`` narrowed to the chunks of one policy (all False for an unknown id)."""
        only = np.zeros(len(self.chunks), dtype=bool)
        span = self._policy_range(policy_id)
        if span is not None:
            only[span[0] : span[1]] = True
        return only if mask is None else only & mask

    # ------------------------------------------------------------------ search
    @functools.cached_property
    def _sounds(self) -> dict[tuple[str, ...], str]:
        """This collection's words by their sound (read by :meth:`normalize`)."""
        return collection_sounds(self.lexical.word_uses())

    def normalize(self, text: str) -> str:
        """A question as both channels read it: :func:`normalize_query`, then words this collection never
        uses that sound exactly like one of its own words replaced by it (ASR slips: 名宿 → 民宿); the
        district's own place names are kept as said ("我们在将口的厂" is no slip of 建阳's 建口)."""
        normalized = normalize_query(text)
        places = [name for name in self.signals.local_names if name in normalized]

        def known(word: str) -> bool:  # the collection's word, or part of a place of the district said here
            return self.signals.in_collection(word) or any(word in name for name in places)

        return fix_collection_homophones(normalized, self._sounds, known)

    def _encode(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            from policy_index.embedding_model import encode_queries

            vector = encode_queries(self.embedder, [text])[0]
            self._remember(text, vector)
        return vector

    def _dense_candidates(
        self, vector: np.ndarray, mask: np.ndarray | None, n: int
    ) -> tuple[list[int], dict[int, float]]:
        fetch = n if mask is None else min(len(self.chunks), n * 4)
        while True:
            scores, ids = self.dense.search(vector, fetch)
            pairs = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
            if mask is not None:
                pairs = [(i, s) for i, s in pairs if mask[i]]
            if len(pairs) >= n or fetch >= len(self.chunks):
                break
            fetch = min(len(self.chunks), fetch * 4)
        pairs = pairs[:n]
        return [i for i, _ in pairs], dict(pairs)

    def _dense_within_policy(
        self, vector: np.ndarray, policy_id: str, mask: np.ndarray, n: int
    ) -> tuple[list[int], dict[int, float]]:
        """Dense candidates among one policy's clauses, scored exactly (no approximate search)."""
        span = self._policy_range(policy_id)
        scores = self.dense.scores_in_range(vector, *span) if span else np.zeros(0, np.float32)
        if scores is None:
            return self._dense_candidates(vector, mask, n)
        pairs = sorted(
            ((span[0] + i, float(s)) for i, s in enumerate(scores) if mask[span[0] + i]), key=lambda p: -p[1]
        )[:n]
        return [i for i, _ in pairs], dict(pairs)

    def _lexical_candidates(
        self, tokens: list[str], mask: np.ndarray | None, n: int
    ) -> tuple[list[int], dict[int, float]]:
        ids, scores = self.lexical.search(tokens, n, mask)
        top = ids.tolist()
        return top, dict(zip(top, scores.tolist(), strict=True))

    def retrieve(
        self,
        question: str,
        k: int = 5,
        zone: str | None = None,
        *,
        mode: str = "hybrid",
        exclude_policy: str | None = None,
        policy_id: str | None = None,
    ) -> Retrieval:
        """Both channels' candidates for a question, before ranking (see :meth:`search`)."""
        text = validate_query(question)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if k < 1:
            raise QueryError("返回条数 k 必须为正整数。")
        normalized = self.normalize(text)
        mask = self._zone_mask(zone) if zone else None
        exclude = self._policy_range(exclude_policy) if exclude_policy else None
        if exclude is not None:
            mask = np.ones(len(self.chunks), dtype=bool) if mask is None else mask.copy()
            mask[exclude[0] : exclude[1]] = False
        if policy_id is not None:
            mask = self._within_policy(policy_id, mask)
        tokens = tokenize_normalized(normalized)
        n = max(CANDIDATES, k * 4)
        lex_ids, lex_scores = self._lexical_candidates(tokens, mask, n) if mode != "dense" else ([], {})
        vector = self._encode(normalized) if mode != "lexical" else None
        if vector is None:
            dense_ids, dense_scores = [], {}
        elif policy_id is not None:
            dense_ids, dense_scores = self._dense_within_policy(vector, policy_id, mask, n)
        else:
            dense_ids, dense_scores = self._dense_candidates(vector, mask, n)
        return Retrieval(
            text,
            normalized,
            tokens,
            vector,
            lex_ids,
            lex_scores,
            dense_ids,
            dense_scores,
            exclude,
            self.signals.read(normalized, exclude),
        )

    def search(
        self,
        question: str,
        k: int = 5,
        zone: str | None = None,
        *,
        mode: str = "hybrid",
        exclude_policy: str | None = None,
        policy_id: str | None = None,
        rerank: bool = True,
    ) -> dict:
        """Return the ``k`` best clauses for a question.

        Args:
            question: the firm's question (typed or speech-recognised).
            k: number of hits.
            zone: the firm's zone; policies that do not apply to it are left out.
            mode: ``"hybrid"`` (default), or ``"lexical"`` / ``"dense"`` alone (for evaluation).
            exclude_policy: search as if this policy were not in the collection (calibration of the
                answerable decision on near-miss questions; see :mod:`policy_index.calibrate`).
            policy_id: search only the clauses of this policy (a follow-up about the policy being
                discussed); an unknown id gives no hits.
            rerank: in hybrid mode, reorder the top fused candidates with the index's trained
                reranker when it has one (``False``: the fused order, for comparison).

        Returns:
            ``{"q", "normalized_q", "answerable", "hits": [hit, ...]}``, hits sorted by score
            (see docs/interfaces.md for the hit fields).

        Raises:
            QueryError: empty, over-long or binary question.
        """
        r = self.retrieve(question, k, zone, mode=mode, exclude_policy=exclude_policy, policy_id=policy_id)
        reranked, pointed_back = None, False
        if mode == "hybrid":
            fused = reciprocal_rank_fusion([r.lex_ids, r.dense_ids])
            top_score = 2.0 / (RRF_K + 1)  # first in both channels
            ranked = [(i, s / top_score) for i, s in fused]
            if rerank and self.reranker is not None and ranked:
                reranked = self.reranker.rerank(self.rerank_view, self.query_view(r, fused))
                reranked, pointed_back = old_document_first(
                    r.text, reranked, lambda cid: self.chunks[cid]["policy_id"], self.policies, self._expired
                )
                ranked = reranked + [pair for pair in ranked[len(reranked) :]]
        elif mode == "lexical":
            ranked = [(i, r.lex_scores[i]) for i in r.lex_ids]
        else:
            ranked = [(i, r.dense_scores[i]) for i in r.dense_ids]
        ranked = ranked[:k]
        features = self.signals.compute(
            r.reading,
            r.tokens,
            ranked[0][0] if ranked else None,
            r.lex_ids,
            r.lex_scores,
            r.dense_ids,
            r.dense_scores,
        )
        if reranked:
            features.update(self.reranker.signals(reranked, self._chunk_policy))
            answerable = self.reranker.decide(features)
        else:
            answerable = bool(ranked) and self.answerable_model.decide(features)
        if pointed_back and not features.get("foreign_place"):  # "老版入限奖多少": the expired one answers
            answerable = True
        elif ranked and not answerable and not features.get("foreign_place"):
            # "正政办2023年15号文现在还管用吗": the question names the best policy's document number
            answerable = names_document(r.normalized, self.policies[self.chunks[ranked[0][0]]["policy_id"]])
        if answerable and ranked:  # "职工社保能缓缴吗" of a subsidy policy that waives nothing: no answer
            best_policy = self.chunks[ranked[0][0]]["policy_id"]
            answerable = not relief_it_never_grants(r.text, lambda: self.policy_source(best_policy))
        hits = [self._hit(i, score, r.lex_scores.get(i), r.dense_scores.get(i)) for i, score in ranked]
        return {
            "q": r.text,
            "normalized_q": r.normalized,
            "answerable": answerable,
            "hits": hits,
            "features": features,
        }

    def query_view(self, r: Retrieval, fused: Sequence[tuple[int, float]]) -> QueryView:
        """The reranker's view of one retrieval (key terms and the query's best possible BM25)."""
        ids = self.lexical.token_ids(r.tokens)
        ideal = float(self.signals.best_weight[ids].sum()) if len(ids) else 0.0
        return QueryView(
            r.normalized,
            r.reading.terms,
            r.vector,
            fused,
            r.lex_ids,
            r.lex_scores,
            ideal,
            r.dense_ids,
            asked_aspects(r.normalized),
        )

    @functools.cached_property
    def rerank_view(self) -> PolicyView:
        """The reranker's view of the collection: stored vectors, title vectors, texts."""
        return PolicyView(
            self.chunks,
            self.policies,
            self._chunk_policy,
            self.vectors,
            self.title_vectors,
            self._normalized_text,
            self.policy_text,
            self._policy_range,
            self._superseded,
        )

    def _superseded(self, policy_id: str) -> bool:
        """The policy has expired and the policy that replaces it is in this collection."""
        meta = self.policies[policy_id]
        return self._expired(meta) and meta.get("replaced_by") in self.policies

    @functools.cached_property
    def vectors(self) -> np.ndarray:
        """The clause vectors (memory-mapped: exact cosines for the reranker's few candidates)."""
        return np.load(self.folder / "vectors.npy", mmap_mode="r")

    @functools.cached_property
    def title_vectors(self) -> dict[str, np.ndarray]:
        """Each policy title's passage vector (stored by the build; computed here for older indexes)."""
        path = self.folder / TITLE_VECTORS
        if path.is_file():
            matrix = np.load(path)
        else:
            from policy_index.embedding_model import encode_passages

            titles = [normalized_title(m["title"]) for m in self.policies.values()]
            matrix = encode_passages(self.embedder, titles)
        return dict(zip(self.policies, np.asarray(matrix, dtype=np.float32), strict=True))

    def policy_text(self, policy_id: str) -> str:
        """A policy's title, headings and clauses as indexed (passage-normalised, synonyms mapped as in a
        question); empty for an unknown id."""
        return self._policy_texts(policy_id)

    def policy_source(self, policy_id: str) -> str:
        """A policy's clauses as written (not normalised), one per line; empty for an unknown id."""
        lo, hi = self._policy_range(policy_id) or (0, 0)
        return "\n".join(str(self.chunks[i].get("text") or "") for i in range(lo, hi))

    def _compute_policy_text(self, policy_id: str) -> str:
        lo, hi = self._policy_range(policy_id) or (0, 0)
        return "\n".join(self._normalized_text(i) for i in range(lo, hi))

    def _hit(self, chunk_id: int, score: float, lexical: float | None, dense: float | None) -> dict:
        chunk = self.chunks[chunk_id]
        meta = self.policies[chunk["policy_id"]]
        return {
            "policy_id": chunk["policy_id"],
            "title": meta["title"],
            "issuer": meta.get("issuer"),
            "doc_no": meta.get("doc_no"),
            "clause": chunk["clause"],
            "heading_path": list(chunk["heading_path"]),
            "text": chunk["text"],
            "score": round(float(score), 6),
            "expired": self._expired(meta),
            "valid_until": meta.get("valid_until"),
            "repealed_from": meta.get("repealed_from"),
            "zones": meta.get("zones", "all"),
            "zones_inferred": bool(meta.get("zones_inferred")),
            "replaced_by": meta.get("replaced_by"),
            "source": meta.get("source"),
            # Labelled at build time; an index built before the labels existed is labelled here.
            "aspects": list(
                chunk["aspects"]
                if "aspects" in chunk
                else clause_aspects(chunk["text"], chunk.get("heading_path", ()))
            ),
            "lexical_score": None if lexical is None else round(lexical, 4),
            "dense_score": None if dense is None else round(dense, 4),
        }

    def search_batch(self, questions: Sequence[str], k: int = 5, zone: str | None = None) -> list[dict]:
        """Search several questions; their query vectors are encoded together in batches first.

        Raises:
            QueryError: if any question is invalid (nothing is searched then).
        """
        texts = [validate_query(q) for q in questions]
        self.prepare_queries(texts)
        return [self.search(t, k=k, zone=zone) for t in texts]

    def prepare_queries(self, questions: Sequence[str]) -> None:
        """Encode the query vectors of many (valid) questions in batches ahead of searching them."""
        from policy_index.embedding_model import encode_queries

        todo = [
            n for n in dict.fromkeys(self.normalize(q.strip()) for q in questions) if n not in self._vectors
        ]
        for start in range(0, len(todo), 64):
            batch = todo[start : start + 64]
            for text, vector in zip(batch, encode_queries(self.embedder, batch), strict=True):
                self._remember(text, vector)

    def _remember(self, text: str, vector: np.ndarray) -> None:
        self._vectors[text] = vector
        if len(self._vectors) > VECTOR_CACHE:
            self._vectors.popitem(last=False)
