"""Named people with their posts as the text gives them (党委书记、局长李志鸿 → two posts).

Person names are jieba's part-of-speech tag nr; posts are the ontology's post titles, standing
right before the name (a chain joined by 、), right after it (习近平总书记), or after 担任.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..structure import Document, Sentence
from .lexicon import post_pattern, post_titles
from .modality import CLAUSE
from .segment import tagged

_NAME_TAGS = {"nr", "nrfg", "nrt"}
_JOINERS = {"、", "和", "及", "兼"}
_PREFIXES = {"副", "常务副", "党组", "党委"}
_TAKES = re.compile(r"^(?:担任|任|兼任|出任)([\u4e00-\u9fff]{0,14}?)(?=[，。；、]|$)")
_CAPACITY = re.compile(r"以([\u4e00-\u9fff]{2,16}?)的?身份")
_OWN = re.compile(r"^(?:我|本|该)(?:局|厅|委|办|单位|部门)")
#: Words before a post that say how it is held, not what it is (常年法律顾问 is a 法律顾问).
_MODIFIERS = ("常年", "特聘", "特邀", "外聘")
#: Common one-character surnames. jieba often misses a name right after a post (局长|马|海军,
#: 副局长|钱|立新): a surname there, followed by a one- or two-character word, is taken as a name.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
#: Tags of words that cannot be a given name (verbs, prepositions, conjunctions, particles, punctuation).
_NOT_GIVEN = ("v", "p", "c", "u", "x", "r", "m", "q", "f")


@dataclass(frozen=True)
class PersonMention:
    name: str
    roles: tuple[str, ...]
    sentence: Sentence
    start: int  # span of the name in the normalised text
    end: int


def _post(word: str) -> str | None:
    posts = post_titles()
    if word in posts:
        return word
    # 局长 in 市局长; 律师 in 事务所律师 (jieba joins the firm's last word to the post)
    return next((p for p in posts if word.endswith(p) and (word[: -len(p)] in ("局", "厅", "市", "县", "区", "省", "事务所"))), None)


def _surname_after_post(tokens: list[tuple[str, str]], i: int) -> bool:
    """``tokens[i]`` is a surname that jieba did not join to its given name, right after a post."""
    return tokens[i][0] in _SURNAMES and i > 0 and _post(tokens[i - 1][0]) is not None


def _given_name(tokens: list[tuple[str, str]], i: int) -> bool:
    """``tokens[i]`` can be a given name: one or two characters, not a verb, particle or the like."""
    return i < len(tokens) and bool(re.fullmatch(r"[\u4e00-\u9fff]{1,2}", tokens[i][0])) and not tokens[i][1].startswith(_NOT_GIVEN)


def extract_persons(doc: Document) -> list[PersonMention]:
    """Every person named with a post in ``doc``."""
    names_post = post_pattern().search
    out: list[PersonMention] = []
    for sent in doc.sentences:
        text = sent.text
        if not names_post(text):
            continue
        # jieba cuts at punctuation anyway, so tagging only the clauses that name a post is the same.
        for clause in CLAUSE.finditer(text):
            if names_post(clause.group()):
                out += _clause_persons(sent, text, clause.start(), clause.group())
    return out


def _clause_persons(sent: Sentence, text: str, base: int, clause: str) -> list[PersonMention]:
    out: list[PersonMention] = []
    tokens = tagged(clause)
    offsets, pos = [], base
    for word, _ in tokens:
        offsets.append(pos)
        pos += len(word)
    for i, (word, tag) in enumerate(tokens):
        if len(word) == 1 and (tag in _NAME_TAGS or _surname_after_post(tokens, i)) and _given_name(tokens, i + 1):
            word = word + tokens[i + 1][0]  # jieba split 周|海东 (a place name), 钱|立新 (an adverb)
        elif tag not in _NAME_TAGS or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word):
            continue
        roles = _roles_before(tokens, i) or _roles_after(tokens, i)
        roles += _roles_taken(text[offsets[i] + len(word):])
        if roles:
            start = sent.start + offsets[i]
            out.append(PersonMention(word, tuple(dict.fromkeys(roles)), sent, start, start + len(word)))
    return out


def _roles_before(tokens: list[tuple[str, str]], i: int) -> list[str]:
    roles: list[str] = []
    j = i - 1
    while j >= 0:
        post = _post(tokens[j][0])
        if post is None:
            break
        if j > 0 and tokens[j - 1][0] in _PREFIXES:
            post = tokens[j - 1][0] + post
            j -= 1
        roles.insert(0, post)
        j -= 1
        if j >= 0 and tokens[j][0] in _JOINERS:
            j -= 1
            continue
        break
    return roles


def _roles_after(tokens: list[tuple[str, str]], i: int) -> list[str]:
    if i + 1 < len(tokens):
        post = _post(tokens[i + 1][0])
        if post:
            return [post]
    return []


def _roles_taken(rest: str) -> list[str]:
    """Posts the person takes in the rest of the sentence: 担任演练总指挥, 以…指挥长的身份."""
    phrases = [m.group(1)] if (m := _TAKES.match(rest)) else []
    phrases += [m.group(1) for m in _CAPACITY.finditer(rest)]
    posts = post_titles()
    phrases = [_bare_post(p, posts) for p in phrases]
    return [p for p in phrases if any(p.endswith(t) for t in posts)]


def _bare_post(phrase: str, posts: tuple[str, ...]) -> str:
    """A post taken as the text words it, less whose post it is and how it is held: 担任我局常年法律顾问
    → 法律顾问 (演练总指挥 stays as it is: 演练 says which post, not how it is held)."""
    phrase = _OWN.sub("", phrase)
    for m in _MODIFIERS:
        if phrase.startswith(m) and phrase[len(m):] in posts:
            return phrase[len(m):]
    return phrase
