"""Themes of one discussion: which comments talk about the same thing, a readable label for
each theme from its distinctive words, and the comments that represent it best.

Method (deterministic: the only random choices are seeded):

1. Features: word unigrams and bigrams of each comment (the classifiers' tokens, plurals
   folded, stopwords of the discussion's languages removed), weighted by sublinear TF-IDF.
2. Up to ``large_threshold`` comments: latent semantic analysis (at most ``svd_dims``
   dimensions, rows normalised), one Ward dendrogram, and for every k from 2 to a bound that
   grows with the discussion's size, its cut into k clusters refined by spherical k-means; the k
   with the best silhouette (cosine) wins. A discussion without clear structure (silhouette
   under ``min_silhouette``) or with only a handful of comments gets one theme. One dendrogram
   gives every k at once and needs no random restarts, which keeps the thousands of small
   discussions of a corpus cheap (scikit-learn's KMeans costs milliseconds of set-up per fit).
3. Above ``large_threshold``: k is chosen the same way on a seeded sample, then scikit-learn's
   ``MiniBatchKMeans`` clusters the sparse TF-IDF rows of every comment, so that memory grows
   with the matrix's non-zeros, not with dense vectors per comment.
4. Comments with no usable word at all ("+1", "So true!", emoji only) cannot be placed by their
   words; they form their own theme, labelled as such, rather than being forced into one.

``bench/bench_themes.py`` measures how well themes recover the articles of pooled comments.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

from .classify.doc import Doc

#: Label of the theme that holds comments without a single usable word.
UNPLACED_LABEL = "short remarks (no distinctive words)"

#: Tokens that are never theme words: web furniture and numbers' company. Comments carry URLs
#: ("https www example com") and their pieces say nothing about a topic.
_WEB_NOISE = frozenset(
    "http https www com org net html htm php amp nbsp quot gt lt img src href jpg png gif "
    "youtube youtu be co uk de fr status utm ref".split()
)

# Short forms and chat fillers that stopword lists (written for edited prose) miss.
_CHAT_FILLERS = frozenset(
    "lol lmao rofl haha hahaha hehe omg wtf yeah yep yup nope ok okay oh ah hmm um uh yes "
    "no thanks thank thx pls please just really like get got one would could also still "
    "im ive dont doesnt didnt cant wont isnt arent wasnt youre theyre thats whats theres "
    "people thing things think know say said way much many even well make made".split()
)


@dataclass(frozen=True)
class ClusterParams:
    """Settings of theme finding (the ``[cluster]`` section; see defaults.toml for each key)."""

    max_themes: int = 10
    min_comments: int = 6
    comments_per_theme: int = 5
    min_silhouette: float = 0.03
    svd_dims: int = 25
    min_df: int = 2
    max_df: float = 0.5
    bigrams: bool = True
    large_threshold: int = 20_000
    sample_size: int = 3_000
    n_init: int = 3  # MiniBatchKMeans starts, above large_threshold
    label_terms: int = 3
    exemplars: int = 3
    min_exemplar_words: int = 5
    seed: int = 13

    @classmethod
    def from_settings(cls, section: dict[str, Any]) -> ClusterParams:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in section.items() if k in known})


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme of a discussion.

    Attributes:
        id: 0 for the largest theme, then by size (ties: first comment first).
        label: its most distinctive terms joined by `` · `` (or :data:`UNPLACED_LABEL`).
        terms: the distinctive terms, strongest first (up to a dozen).
        size: number of comments.
        exemplars: positions (in the input order) of the comments that represent it best.
        placed: False for the theme of comments without usable words.
    """

    id: int
    label: str
    terms: tuple[str, ...]
    size: int
    exemplars: tuple[int, ...]
    placed: bool = True


@dataclass(frozen=True)
class Themes:
    """The themes of one discussion and the theme of every comment.

    Attributes:
        assignments: theme id of each comment, in input order.
        themes: the themes, by id.
        method: ``none`` (no comments), ``single``, ``kmeans`` or ``minibatch``.
        silhouette: the chosen clustering's mean silhouette (cosine), when k was chosen.
        scores: silhouette of every k tried, for readers who want to see the choice.
    """

    assignments: np.ndarray
    themes: tuple[Theme, ...]
    method: str
    silhouette: float | None = None
    scores: dict[int, float] = field(default_factory=dict)

    def label_of(self, position: int) -> str:
        return self.themes[int(self.assignments[position])].label


# ---------------------------------------------------------------------------- features


@lru_cache(maxsize=64)
def stopwords_for(languages: tuple[str, ...]) -> frozenset[str]:
    """English stopwords plus those of the given languages (ISO 639-1 codes).

    Lists come from the ``stop-words`` package (BSD-3-Clause), which covers some thirty
    languages; English is always included because comments on any site mix it in.
    """
    from stop_words import LANGUAGE_MAPPING, get_stop_words

    words: set[str] = set(_WEB_NOISE) | _CHAT_FILLERS
    for lang in ("en", *languages):
        if lang in LANGUAGE_MAPPING:
            words.update(w.lower() for w in get_stop_words(lang))
    # Apostrophe forms appear both straight and curly, with and without the apostrophe.
    words.update({w.replace("'", "’") for w in words} | {w.replace("'", "") for w in words})
    return frozenset(words)


_KEEP_RE = re.compile(r"[^\W\d_]", re.UNICODE)


# Words that end in "s" without being plurals (a plural rule would mangle them).
_NOT_PLURAL = frozenset(
    "news series species means lens bias gas chaos ethics physics politics economics mathematics "
    "always perhaps whereas thus less unless across nevertheless sometimes".split()
)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Fold a plural or possessive onto its singular ("troops" → "troop", "policies" →
    "policy", "Putin's" → "putin") so that both count as one term. Deliberately light: only
    plural -s/-ies, which is shared by the languages whose comments we meet most."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    if len(word) <= 3 or not word.endswith("s") or word in _NOT_PLURAL:
        return word
    if word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    return word[:-1]


def terms_of(doc: Doc, stop: frozenset[str], bigrams: bool = True) -> list[str]:
    """Theme terms of one comment: content words (no stopwords, no numbers, two letters or
    more, plurals folded) and, when ``bigrams``, pairs of content words that stand next to
    each other."""
    lower = doc.lower_words
    words = [fold(w) for w in lower]
    keep = [
        len(w) >= 2 and o not in stop and w not in stop and _KEEP_RE.search(w) is not None
        for o, w in zip(lower, words, strict=True)
    ]
    out = [w for w, k in zip(words, keep, strict=True) if k]
    if bigrams:
        out.extend(f"{words[i]} {words[i + 1]}" for i in range(len(words) - 1) if keep[i] and keep[i + 1])
    return out


def discussion_terms(docs: Sequence[Doc], bigrams: bool = True) -> list[list[str]]:
    """Theme terms of every comment of one discussion, with the stopwords of its languages."""
    stop = stopwords_for(dominant_languages(docs))
    return [terms_of(d, stop, bigrams) for d in docs]


def dominant_languages(docs: Iterable[Doc], share: float = 0.1) -> tuple[str, ...]:
    """Languages that at least ``share`` of the comments are written in (sorted codes)."""
    return dominant_codes((d.language for d in docs), share)


def dominant_codes(languages: Iterable[str], share: float = 0.1) -> tuple[str, ...]:
    """:func:`dominant_languages` from the comments' language codes."""
    counts = Counter(languages)
    total = sum(counts.values()) or 1
    return tuple(
        sorted(lang for lang, n in counts.items() if n / total >= share and lang not in ("en", "und"))
    )


class TermCounts:
    """Theme terms of a discussion's comments as sparse counts, built comment by comment.

    Holds one vocabulary (term → number, in order of first appearance) and one integer per
    term occurrence, not the term lists: a discussion of a million comments fits in a few
    hundred megabytes, and chunks of comments can be added as they are scored.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.indices = array("i")
        self.indptr = array("q", [0])

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def add(self, term_lists: Iterable[list[str]]) -> None:
        """Add the terms of more comments (in page order)."""
        vocab, indices, indptr = self.vocab, self.indices, self.indptr
        for terms in term_lists:
            indices.extend([vocab.setdefault(t, len(vocab)) for t in terms])
            indptr.append(len(indices))

    def occurrences(self) -> np.ndarray:
        """How often each vocabulary term occurs, over all comments."""
        return np.bincount(np.frombuffer(self.indices, dtype=np.int32), minlength=len(self.vocab))

    def top_words(self, limit: int) -> tuple[dict[str, int], int]:
        """The ``limit`` most frequent single words (ties alphabetical) and the count of all
        single-word occurrences."""
        counts = self.occurrences()
        words = [(t, int(counts[i])) for t, i in self.vocab.items() if " " not in t and counts[i]]
        total = sum(c for _, c in words)
        words.sort(key=lambda kv: (-kv[1], kv[0]))
        return dict(words[:limit]), total


def _tfidf(
    term_lists: Sequence[list[str]] | TermCounts,
    min_df: int,
    max_df: float,
    max_features: int | None = None,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Sublinear TF-IDF rows (smooth idf, l2-normalised) and the vocabulary (alphabetical).

    Written out with numpy rather than scikit-learn's vectoriser: same weighting, but without
    the vectoriser's per-call set-up, which dominated on small discussions.
    """
    if isinstance(term_lists, TermCounts):
        tc = term_lists
    else:
        tc = TermCounts()
        tc.add(term_lists)
    n = tc.rows
    vocab = tc.vocab
    if not vocab:
        return sp.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object)
    # A copy: scipy sorts and sums the indices in place, and the counts may be read again.
    indices = np.frombuffer(tc.indices, dtype=np.int32).copy()
    counts = sp.csr_matrix(
        (
            np.ones(len(indices), dtype=np.float32),
            indices,
            np.frombuffer(tc.indptr, dtype=np.int64),
        ),
        shape=(n, len(vocab)),
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(vocab))
    lo = min(min_df, max(1, n // 10)) if n < 50 else min_df  # tiny discussions: every shared word
    hi = max_df * n if n >= 20 else n
    keep = np.flatnonzero((df >= lo) & (df <= hi))
    names = np.array(list(vocab), dtype=object)
    if max_features is not None and keep.size > max_features:
        order = np.lexsort((names[keep], -df[keep]))
        keep = keep[order[:max_features]]
    if keep.size == 0:
        return sp.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object)
    keep = keep[np.argsort(names[keep], kind="stable")]
    X = counts[:, keep].tocsr()
    del counts
    X.data = 1.0 + np.log(X.data)
    idf = (np.log((1.0 + n) / (1.0 + df[keep])) + 1.0).astype(np.float32)
    X = sp.csr_matrix(X.multiply(idf.reshape(1, -1)), dtype=np.float32)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.csr_matrix(
        sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ X, dtype=np.float32
    )
    return X, names[keep]


# ---------------------------------------------------------------------------- clustering


#: Up to this many rows, LSA comes from the eigenvectors of the rows' Gram matrix (exact and
#: fast for small discussions); beyond, from a seeded randomised SVD.
GRAM_LIMIT = 300


def _lsa(X: sp.csr_matrix, dims: int, seed: int) -> np.ndarray:
    """Rows of X in a low-rank semantic space, l2-normalised (zero rows stay zero)."""
    n, m = X.shape
    d = min(dims, m - 1, n - 1)
    if d < 2:
        Z = X.toarray().astype(np.float64)
    elif n <= GRAM_LIMIT:
        gram = np.asarray((X @ X.T).todense(), dtype=np.float64)
        w, V = np.linalg.eigh(gram)  # ascending; the last d are the top singular directions
        Z = V[:, -d:][:, ::-1] * np.sqrt(np.maximum(w[-d:][::-1], 0.0))
    else:
        U, S, _ = randomized_svd(X, d, n_iter=5, random_state=seed)
        Z = U * S
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    return np.divide(Z, norms, out=np.zeros_like(Z), where=norms > 0)


def centres_of(Z: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit-length mean direction of each cluster's rows (zero for an empty cluster)."""
    onehot = np.zeros((k, Z.shape[0]))
    onehot[labels, np.arange(Z.shape[0])] = 1.0
    sums = onehot @ Z
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


def refine(Z: np.ndarray, centres: np.ndarray, max_iter: int = 30) -> np.ndarray:
    """Spherical k-means (Lloyd iterations on cosine similarity) from the given centres;
    returns each row's cluster. Deterministic: no random start."""
    k = centres.shape[0]
    labels = np.full(Z.shape[0], -1)
    for _ in range(max_iter):
        new = (Z @ centres.T).argmax(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        centres = centres_of(Z, labels, k)
    return labels


def cosine_distances(Z: np.ndarray) -> np.ndarray:
    """Pairwise cosine distances of unit rows (float32: the silhouette needs no more)."""
    Z32 = Z.astype(np.float32)
    return np.maximum(1.0 - Z32 @ Z32.T, 0.0)


def silhouette(D: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Mean silhouette from a precomputed distance matrix, with one matrix product per call."""
    n = D.shape[0]
    if k < 2 or n <= k:
        return -1.0
    onehot = np.zeros((n, k), dtype=np.float32)
    onehot[np.arange(n), labels] = 1.0
    sums = (D @ onehot).astype(np.float64)
    counts = onehot.sum(axis=0).astype(np.float64)
    own = sums[np.arange(n), labels]
    own_n = counts[labels] - 1
    a = np.divide(own, own_n, out=np.zeros(n), where=own_n > 0)
    means = np.divide(sums, counts, out=np.full_like(sums, np.inf), where=counts > 0)
    means[np.arange(n), labels] = np.inf
    b = means.min(axis=1)
    s = np.where(own_n > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def tree_cuts(tree: np.ndarray, n: int, ks: Iterable[int]) -> dict[int, np.ndarray]:
    """Flat clusterings of a linkage matrix into exactly k clusters, for each k, in one pass.

    Cluster numbers follow the first leaf of each cluster, so the result does not depend on
    how the linkage numbered its nodes.
    """
    wanted = {k for k in ks if 1 <= k <= n}
    parent = list(range(2 * n - 1))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    out: dict[int, np.ndarray] = {}
    if n in wanted:
        out[n] = np.arange(n)
    for step, (a, b) in enumerate(tree[:, :2].astype(int)):
        parent[find(a)] = n + step
        parent[find(b)] = n + step
        remaining = n - step - 1
        if remaining in wanted:
            roots = [find(i) for i in range(n)]
            first: dict[int, int] = {}
            out[remaining] = np.array([first.setdefault(r, len(first)) for r in roots])
    return out


def choose_k(Z: np.ndarray, params: ClusterParams) -> tuple[int, np.ndarray | None, dict[int, float]]:
    """Try k = 2 … bound on unit rows Z; return (best k, its labels, silhouette per k).

    Each candidate partition is a cut of one Ward dendrogram (Euclidean distance on unit rows
    ranks pairs as cosine distance does), refined by spherical k-means: one O(n²) linkage gives
    every k at once and needs no random start, which is what makes it cheap for the thousands
    of small discussions of a corpus. Above ``sample_size`` rows the dendrogram and the
    silhouettes use a seeded sample, and the refinement places every row. The bound on k grows
    with the discussion (``comments_per_theme``) up to ``max_themes``; k = 1 (labels None)
    when no k reaches ``min_silhouette``.
    """
    from scipy.cluster.hierarchy import linkage

    n = Z.shape[0]
    kmax = min(params.max_themes, n // max(params.comments_per_theme, 1), n - 1)
    if kmax < 2:
        return 1, None, {}
    sample = None
    if n > params.sample_size:
        rng = np.random.default_rng(params.seed)
        sample = np.sort(rng.choice(n, params.sample_size, replace=False))
    S = Z if sample is None else Z[sample]
    cuts = tree_cuts(linkage(S, method="ward"), S.shape[0], range(2, kmax + 1))
    D = cosine_distances(S)
    scores: dict[int, float] = {}
    best_k, best_labels, best_s = 1, None, params.min_silhouette
    for k in range(2, kmax + 1):
        cut = cuts[k]
        labels = refine(Z, centres_of(S, cut, int(cut.max()) + 1))
        used = np.unique(labels)
        if used.size < 2:
            continue
        labels = np.searchsorted(used, labels)  # drop clusters the refinement emptied
        s = silhouette(D, labels if sample is None else labels[sample], used.size)
        scores[k] = round(s, 4)
        if s > best_s + 1e-9:
            best_k, best_labels, best_s = int(used.size), labels, s
    return best_k, best_labels, scores


# ---------------------------------------------------------------------------- labels


def distinctive_terms(
    X: sp.csr_matrix, vocab: np.ndarray, labels: np.ndarray, k: int, top: int = 12
) -> list[list[str]]:
    """For each cluster, terms whose mean TF-IDF inside it most exceeds the mean outside.

    A term must occur in at least two of the cluster's comments (one in a cluster of one or
    two), so that a single long comment does not name its theme alone. With one cluster there
    is no outside: terms are ranked by how many comments use them, then by TF-IDF.
    """
    n = X.shape[0]
    if X.shape[1] == 0:
        return [[] for _ in range(k)]
    onehot = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    sums = np.asarray((onehot @ X).todense())
    present = np.asarray((onehot @ (X > 0).astype(np.float32)).todense())
    sizes = np.asarray(onehot.sum(axis=1)).ravel()
    total = sums.sum(axis=0)
    out: list[list[str]] = []
    for j in range(k):
        inside = sums[j] / max(sizes[j], 1)
        rest = n - sizes[j]
        if rest > 0:
            score = inside - (total - sums[j]) / rest
        else:
            score = present[j] + inside / (inside.max() + 1e-12)  # df first, TF-IDF breaks ties
        need = 2 if sizes[j] > 2 else 1
        score = np.where(present[j] >= need, score, -np.inf)
        # Stable order: score (rounded, so that the last bits of a platform's maths do not
        # matter), then alphabetical (the vocabulary's order).
        cand = np.flatnonzero(np.isfinite(score) & (score > 0))
        order = cand[np.lexsort((cand, -np.round(score[cand], 9)))][: top * 3]
        out.append([str(vocab[i]) for i in order])
    return [_prefer_bigrams(t)[:top] for t in out]


def _prefer_bigrams(terms: list[str]) -> list[str]:
    """Merge unigrams into a bigram that contains them ("cooperate", "cooperate militarily" →
    "cooperate militarily"; "fee", "parking", "parking fee" → "parking fee"), at the position of
    the stronger term; drop a term whose words other bigrams already cover."""
    out: list[str] = []
    for t in terms:
        parts = t.split(" ")
        if len(parts) > 1:
            slots = [i for i, o in enumerate(out) if o in parts]
            in_bigrams = {w for o in out if " " in o for w in o.split(" ")}
            if any(p in in_bigrams for p in parts):
                continue
            if slots:
                out[slots[0]] = t
                for i in reversed(slots[1:]):
                    del out[i]
                continue
        elif any(t in o.split(" ") for o in out):
            continue
        out.append(t)
    return out


def make_label(terms: Sequence[str], n: int) -> str:
    return " · ".join(terms[:n]) if terms else "miscellaneous"


def _exemplars(
    Z: np.ndarray | sp.csr_matrix,
    labels: np.ndarray,
    centres: np.ndarray,
    lengths: np.ndarray,
    j: int,
    n_ex: int,
    min_words: int,
) -> tuple[int, ...]:
    members = np.flatnonzero(labels == j)
    if members.size == 0:
        return ()
    sims = Z[members] @ centres[j]
    sims = np.asarray(sims).ravel()
    # Prefer comments long enough to say something; fall back to short ones in short themes.
    long_enough = lengths[members] >= min_words
    key = np.where(long_enough, sims, sims - 10.0)
    order = sorted(range(members.size), key=lambda i: (-round(float(key[i]), 9), int(members[i])))
    return tuple(int(members[i]) for i in order[:n_ex])


# ---------------------------------------------------------------------------- entry point


def find_themes(
    texts: Sequence[str | Doc], params: ClusterParams | None = None, terms: Sequence[list[str]] | None = None
) -> Themes:
    """Find the themes of one discussion.

    Args:
        texts: the comments (texts or :class:`Doc` s, whose tokens are reused), in page order.
        params: settings; the packaged defaults when None.
        terms: each comment's theme terms when the caller already has them
            (:func:`discussion_terms`); computed here otherwise.

    Returns:
        Themes with one assignment per comment; deterministic for the same texts and seed.
    """
    params = params or ClusterParams()
    docs = [Doc.of(t) for t in texts]
    counts = TermCounts()
    counts.add(terms if terms is not None else discussion_terms(docs, params.bigrams))
    lengths = np.array([len(d.words) for d in docs], dtype=np.int64)
    return themes_of(counts, lengths, params)


def themes_of(counts: TermCounts, lengths: np.ndarray, params: ClusterParams | None = None) -> Themes:
    """Find the themes of one discussion from its term counts (:class:`TermCounts`, one row
    per comment) and each comment's length in words: :func:`find_themes` for callers that
    built the counts chunk by chunk and hold no text."""
    params = params or ClusterParams()
    n = counts.rows
    if n == 0:
        return Themes(np.zeros(0, dtype=np.int32), (), "none")
    large = n > params.large_threshold
    X, vocab = _tfidf(counts, params.min_df, params.max_df, 2**17 if large else None)
    placed = _placed(X)
    if placed.size < n / 2 and params.max_df < 1.0:
        # Most comments lost every word to the "too common" limit: a discussion of near-identical
        # comments (copy-paste campaigns, "+1" threads). Their common words are the theme.
        X, vocab = _tfidf(counts, params.min_df, 1.0, 2**17 if large else None)
        placed = _placed(X)

    labels = np.zeros(n, dtype=np.int64)
    method, best_s = "single", None
    scores: dict[int, float] = {}
    k = 1
    Zp: np.ndarray | sp.csr_matrix | None = None
    centres: np.ndarray | None = None
    if placed.size >= params.min_comments:
        Xp = X[placed]
        if not large:
            Zp = _lsa(Xp, params.svd_dims, params.seed)
            k, found, scores = choose_k(Zp, params)
            if found is not None:
                labels[placed] = found
                method = "kmeans"
        else:
            k, scores = _choose_k_on_sample(Xp, params)
            if k > 1:
                labels[placed] = _minibatch(Xp, k, params)
                Zp = Xp
                method = "minibatch"
        if k > 1:
            best_s = max(scores.values()) if scores else None
    # Centres in the space used for exemplars (LSA rows, or the sparse rows at scale).
    if Zp is None and placed.size:
        Zp = _lsa(X[placed], params.svd_dims, params.seed) if not large else X[placed]
    if Zp is not None:
        centres = _centres(Zp, labels[placed], k)

    unplaced = np.setdiff1d(np.arange(n), placed, assume_unique=True)
    term_sets = distinctive_terms(X[placed], vocab, labels[placed], k) if placed.size else []
    raw: list[tuple[int, list[str], tuple[int, ...], bool]] = []  # (old id, terms, exemplars, placed)
    for j in range(k if placed.size else 0):
        assert Zp is not None and centres is not None
        ex = _exemplars(
            Zp, labels[placed], centres, lengths[placed], j, params.exemplars, params.min_exemplar_words
        )
        raw.append((j, term_sets[j], tuple(int(placed[i]) for i in ex), True))
    UNPLACED = k
    if unplaced.size:
        labels[unplaced] = UNPLACED
        order = sorted(unplaced.tolist(), key=lambda i: (-int(lengths[i]), i))
        raw.append((UNPLACED, [], tuple(order[: params.exemplars]), False))
    return _renumber(labels, raw, params, method, best_s, scores)


def _placed(X: sp.csr_matrix) -> np.ndarray:
    """Rows with at least one term."""
    if not X.shape[1]:
        return np.zeros(0, dtype=int)
    return np.flatnonzero(np.asarray(X.getnnz(axis=1)) > 0)


def _centres(Z: np.ndarray | sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    n = Z.shape[0]
    onehot = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    c = onehot @ Z
    c = np.asarray(c.todense()) if sp.issparse(c) else np.asarray(c)
    norms = np.linalg.norm(c, axis=1, keepdims=True)
    return np.divide(c, norms, out=np.zeros_like(c, dtype=np.float64), where=norms > 0)


def _renumber(
    labels: np.ndarray,
    raw: list[tuple[int, list[str], tuple[int, ...], bool]],
    params: ClusterParams,
    method: str,
    best_s: float | None,
    scores: dict[int, float],
) -> Themes:
    """Give themes ids by size (largest first; ties: earliest comment), the unplaced last."""
    n = labels.size
    sizes = np.bincount(labels, minlength=len(raw)) if n else np.zeros(len(raw), dtype=int)
    first = {}
    for pos in range(n - 1, -1, -1):
        first[int(labels[pos])] = pos
    kept = [r for r in raw if sizes[r[0]] > 0]
    kept.sort(key=lambda r: (not r[3], -int(sizes[r[0]]), first.get(r[0], n)))
    mapping = {r[0]: new for new, r in enumerate(kept)}
    new_labels = np.array([mapping[int(x)] for x in labels], dtype=np.int32) if n else labels.astype(np.int32)
    themes = tuple(
        Theme(
            id=mapping[old],
            label=make_label(terms, params.label_terms) if placed else UNPLACED_LABEL,
            terms=tuple(terms),
            size=int(sizes[old]),
            exemplars=ex,
            placed=placed,
        )
        for old, terms, ex, placed in kept
    )
    return Themes(new_labels, themes, method, None if best_s is None else round(best_s, 4), scores)


def _choose_k_on_sample(X: sp.csr_matrix, params: ClusterParams) -> tuple[int, dict[int, float]]:
    """At scale: choose k with the LSA method on a seeded sample of the rows."""
    rng = np.random.default_rng(params.seed)
    n = X.shape[0]
    sample = np.sort(rng.choice(n, min(n, params.sample_size), replace=False))
    Xs = X[sample]
    keep = np.asarray(Xs.getnnz(axis=0)) > 0
    Z = _lsa(Xs[:, keep], params.svd_dims, params.seed)
    # The bound on k follows the whole discussion's size, not the sample's.
    k, _, scores = choose_k(
        Z, _with(params, comments_per_theme=max(1, params.comments_per_theme * len(sample) // n))
    )
    return k, scores


def _with(params: ClusterParams, **changes: Any) -> ClusterParams:
    from dataclasses import replace

    return replace(params, **changes)


def _minibatch(X: sp.csr_matrix, k: int, params: ClusterParams) -> np.ndarray:
    from sklearn.cluster import MiniBatchKMeans

    km = MiniBatchKMeans(
        n_clusters=k,
        random_state=params.seed,
        n_init=params.n_init,
        batch_size=4096,
        max_no_improvement=10,
        reassignment_ratio=0.01,
    )
    return km.fit_predict(X).astype(np.int64)


def theme_rows(themes: Themes) -> list[dict[str, Any]]:
    """Themes as plain dicts (id, label, terms, size, share, exemplars) for summaries."""
    n = themes.assignments.size or 1
    return [
        {
            "id": t.id,
            "label": t.label,
            "terms": list(t.terms),
            "size": t.size,
            "share": round(t.size / n, 4),
            "exemplars": list(t.exemplars),
            "placed": t.placed,
        }
        for t in themes.themes
    ]
