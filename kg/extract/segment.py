"""Word segmentation with jieba, its dictionary extended by the ontology's terms.

One tokenizer per process, built on first use: domain terms such as 双随机一公开 and
执法全过程记录 are single tokens. Phrases with punctuation (双随机、一公开) cannot be jieba
tokens and are matched on the text directly by the extractors.
"""

from __future__ import annotations

import logging
from functools import cache


@cache
def tokenizer():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    from .lexicon import domain_terms

    for term in domain_terms():
        tk.add_word(term, freq=None, tag="n")
    return jieba.posseg.POSTokenizer(tk)


def segment(text: str) -> list[str]:
    """Words of ``text``."""
    return list(tokenizer().tokenizer.cut(text, HMM=True))


def tagged(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` with their part-of-speech tags (nr = person name)."""
    return [(p.word, p.flag) for p in tokenizer().cut(text, HMM=True)]
