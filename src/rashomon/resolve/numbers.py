"""Numbers: counts with their qualifiers read as ranges, attached to the noun they count.

``parse_count("up to 300")`` reads one expression; ``find_quantities(doc)`` finds them in
a parsed document with the head noun ("300 jihadists") and a role hint from the words
around them ("killing up to 300 jihadists" -> killed). Ranges are inclusive; ``None`` as
``high`` means unbounded. The rules (the numbers are ours, chosen to be read, not tuned):

=======================  ==========================  ==================================
words                    range                       note
=======================  ==========================  ==================================
five, 5, one             [5, 5]
over / more than / at    [N, None]                   "more than 12" is >= 13, but N is
least / N or more / N+                               still a true lower bound
up to / as many as /     [0, N]                      [1, N] when the role is killed or
at most                                              injured: the verb says some were
fewer than / under       [0, N-1]                    same lift to 1
nearly / almost          [N - max(1, 0.2N), N-1]     "nearly 50" -> [40, 49]
about / around / some    [N - max(1, 0.1N),          "about 300" -> [270, 330]
                         N + max(1, 0.1N)]
between N and M, N-M     [N, M]
a dozen / half a dozen   [12, 12] / [6, 6]
dozens / several dozen   [24, 99]
tens / scores            [20, 99] / [40, 99]
hundreds / several hun.  [200, 999]
thousands / several th.  [2000, 9999]
several / a few /        [3, 9] / [2, 5] / [2, 2]
a couple
no one / nobody / none   [0, 0]
a man (killed/injured)   [1, 1]                      only with a killed/injured/shot
                                                     role: "a man was shot dead"
=======================  ==========================  ==================================

Ages are not counts: "a 15-year-old boy", "aged 17", "Smith, 23," are skipped. So are
dates, times, money, percentages, measures, street numbers ("the 1500 block") and
calibres. Role hints: killed | injured | shot | fighters | civilians | troops | vehicles |
other ("shot" = hit, killed or not, as US crime news counts victims).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

#: What a count is of, as far as the words around it say.
Role = Literal["killed", "injured", "shot", "fighters", "civilians", "troops", "vehicles", "other"]
#: How the words bound the count.
Bound = Literal["exact", "lower", "upper", "approximate", "range", "vague"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CountRange:
    """A parsed count: inclusive ``[low, high]``; ``high`` None means no upper bound."""

    low: int
    high: int | None
    bound: Bound
    qualifier: str  # the qualifying words as written, lower-cased ("up to", "dozens")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A count in a document.

    Attributes:
        start: character offset into ``doc.text`` (qualifier included).
        end: character offset (exclusive).
        text: the words ("up to 300").
        low: lower bound, inclusive.
        high: upper bound, inclusive; None = unbounded ("over 4,000").
        qualifier: the qualifying words ("up to", "over", "dozens"; "" when exact).
        bound: exact, lower, upper, approximate, range or vague.
        head: lemma of the counted noun ("jihadist"), None when the text leaves it out.
        head_start: character offset of the head noun, or None.
        head_end: character offset (exclusive) of the head noun, or None.
        role: what the count is of (see ``Role``).
        reason: the cue words that decided range and role, for users.
    """

    start: int
    end: int
    text: str
    low: int
    high: int | None
    qualifier: str
    bound: Bound
    head: str | None
    head_start: int | None
    head_end: int | None
    role: Role
    reason: str


# -- lexicons (small, closed: English number words and qualifiers) ----------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague quantities: (low, high). "dozens" is 24-99 (two dozen up to just under 100).
_VAGUE = {
    "dozens": (24, 99), "several dozen": (24, 99), "scores": (40, 99), "tens": (20, 99),
    "hundreds": (200, 999), "several hundred": (200, 999), "a few hundred": (200, 999),
    "thousands": (2000, 9999), "several thousand": (2000, 9999),
    "a few thousand": (2000, 9999), "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999), "millions": (2_000_000, 9_999_999),
    "a dozen": (12, 12), "dozen": (12, 12), "half a dozen": (6, 6), "a half dozen": (6, 6),
    "several": (3, 9), "a few": (2, 5), "a couple": (2, 2), "a couple of": (2, 2),
    "a handful": (2, 5), "a handful of": (2, 5), "no one": (0, 0), "nobody": (0, 0),
}  # fmt: skip
_LOWER = ("more than", "over", "at least", "upwards of", "in excess of", "well over",
          "just over", "a minimum of", "no fewer than", "no less than", "not less than")
_UPPER = ("up to", "as many as", "at most", "no more than", "a maximum of", "not more than")
_BELOW = ("fewer than", "less than", "under", "just under", "below")
_NEARLY = ("nearly", "almost", "close to", "just shy of", "approaching")
_ABOUT = ("about", "around", "approximately", "roughly", "some", "an estimated",
          "estimated", "approx.", "circa", "an approximate")  # fmt: skip
_AFTER_LOWER = ("or more", "plus", "+", "and more", "and counting")
_AFTER_ABOUT = ("or so",)

# Cue words for roles (lemmas). Killed wins over injured, injured over shot.
_KILLED = frozenset({"kill", "dead", "die", "fatally", "slay", "murder", "death", "fatality",
                     "execute", "behead", "massacre", "fatal", "dies", "deceased", "body",
                     "slain", "perish", "assassinate", "lifeless", "toll"})  # fmt: skip
_INJURED = frozenset({"wound", "injure", "hurt", "hospitalize", "hospitalise", "injury",
                      "wounded", "injured", "casualty", "critical", "treat", "graze"})  # fmt: skip
_SHOT = frozenset({"shoot", "shot", "gun"})
_FIGHTERS = frozenset({"terrorist", "jihadist", "militant", "fighter", "insurgent", "rebel",
                       "gunman", "extremist", "militiaman", "guerrilla", "mercenary",
                       "combatant", "attacker", "assailant", "bandit", "member"})  # fmt: skip
_TROOPS = frozenset({"soldier", "troop", "serviceman", "servicemen", "marine", "officer",
                     "policeman", "trooper", "guard", "personnel", "commando", "deputy"})  # fmt: skip
_CIVILIANS = frozenset({"civilian", "resident", "villager", "child", "woman", "student",
                        "worshipper", "passenger", "bystander", "pedestrian", "shopper",
                        "refugee", "farmer", "kid", "teen", "teenager", "infant", "baby",
                        "toddler"})  # fmt: skip
_VEHICLES = frozenset({"tank", "vehicle", "car", "truck", "aircraft", "helicopter", "drone",
                       "plane", "jet", "boat", "ship", "bus", "apc", "warplane", "technical"})  # fmt: skip
# Nouns a number can precede without counting participants.
_NOT_COUNTED = frozenset({"block", "street", "avenue", "road", "highway", "route", "caliber",
                          "calibre", "mm", "gauge", "percent", "%", "degree", "mile", "foot",
                          "feet", "inch", "pound", "kilometer", "kilometre", "km", "meter",
                          "metre", "yard", "year", "month", "week", "day", "hour", "minute",
                          "second", "time", "round", "dollar", "grade", "am", "pm", "a.m.",
                          "p.m.", "o'clock", "acre", "point", "mph", "cent", "lane", "ln",
                          "st", "st.", "ave", "ave.", "drive", "dr", "dr.", "boulevard",
                          "blvd", "blvd.", "court", "ct", "ct.", "parkway", "pkwy", "terrace",
                          "trail", "circle", "rd", "rd.", "place", "pl", "plaza", "news",
                          "channel"})  # fmt: skip
_PERSON_NOUNS = frozenset({"man", "woman", "boy", "girl", "person", "teen", "teenager",
                           "child", "victim", "student", "officer", "deputy", "driver",
                           "resident", "father", "mother", "son", "daughter", "infant",
                           "toddler", "baby", "soldier", "civilian", "passenger", "bystander",
                           "worker", "employee", "customer", "clerk", "guard", "youth",
                           "juvenile", "male", "female", "brother", "sister", "husband",
                           "wife", "girlfriend", "boyfriend", "friend", "neighbor",
                           "pedestrian", "trooper", "policeman"})  # fmt: skip
_SKIP_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_NUM_TOKEN = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


# -- parsing one expression -------------------------------------------------------------------


def _words_to_int(words: Sequence[str]) -> int | None:
    """"three hundred", "twenty five", "4,000", "1.5 million" -> int; None if not a number."""
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        word = raw.lower().strip()
        if word in {"-", "and", "a"}:
            continue
        if _NUM_TOKEN.match(word):
            current += float(word.replace(",", ""))
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    if not seen:
        return None
    return round(total + current)


def _strip_prefix(text: str, phrases: Sequence[str]) -> tuple[str, str] | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        if text == phrase or text.startswith(phrase + " "):
            return phrase, text[len(phrase) :].strip()
    return None


def _strip_suffix(text: str, phrases: Sequence[str]) -> tuple[str, str] | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        if text.endswith(" " + phrase) or (phrase == "+" and text.endswith("+")):
            return phrase, text[: -len(phrase)].strip()
    return None


def _number(text: str) -> int | None:
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+|-", text.lower())
    return _words_to_int(words) if words else None


def parse_count(text: str) -> CountRange | None:
    """Read a count expression with its qualifier as an inclusive range.

    Args:
        text: "over 4,000", "up to 300", "dozens", "between 20 and 30", "five".

    Returns:
        The range (see the module table), or None if the words are not a count.
        The killed/injured lift of "up to" lower bounds to 1 is ``find_quantities``'s,
        which sees the verb.
    """
    t = re.sub(r"\s+", " ", text.replace("\u00a0", " ").lower()).strip(" ,.;:")
    if not t:
        return None
    if t in _VAGUE:
        low, high = _VAGUE[t]
        return CountRange(low=low, high=high, bound="vague" if low != high else "exact",
                          qualifier=t)
    m = re.fullmatch(r"(?:between|from) (.+?) (?:and|to) (.+)", t) or re.fullmatch(
        r"(.+?)(?: to | or |-|–| and )(.+)", t
    )
    if m:
        a, b = _number(m.group(1)), _number(m.group(2))
        if a is not None and b is not None and a < b:
            return CountRange(low=a, high=b, bound="range", qualifier=t.split(" ")[0]
                              if t.startswith(("between", "from")) else "range")
    for phrases, kind in ((_LOWER, "lower"), (_UPPER, "upper"), (_BELOW, "below"),
                          (_NEARLY, "nearly"), (_ABOUT, "about")):  # fmt: skip
        found = _strip_prefix(t, phrases)
        if found is None:
            continue
        qualifier, rest = found
        inner = parse_count(rest)
        if inner is None:
            return None
        return _qualify(inner, kind, qualifier)
    suffixes: tuple[tuple[tuple[str, ...], str], ...] = (
        (_AFTER_LOWER, "lower"),
        (_AFTER_ABOUT, "about"),
    )
    for endings, kind in suffixes:
        found = _strip_suffix(t, endings)
        if found is not None:
            qualifier, rest = found
            inner = parse_count(rest)
            return None if inner is None else _qualify(inner, kind, qualifier)
    value = _number(t)
    if value is None:
        return None
    return CountRange(low=value, high=value, bound="exact", qualifier="")


def _qualify(inner: CountRange, kind: str, qualifier: str) -> CountRange:
    n_low, n_high = inner.low, inner.high if inner.high is not None else inner.low
    if kind == "lower":
        return CountRange(low=n_low, high=None, bound="lower", qualifier=qualifier)
    if kind == "upper":
        return CountRange(low=0, high=n_high, bound="upper", qualifier=qualifier)
    if kind == "below":
        return CountRange(low=0, high=max(0, n_low - 1), bound="upper", qualifier=qualifier)
    if kind == "nearly":
        low = n_low - max(1, round(0.2 * n_low))
        return CountRange(low=max(0, low), high=max(0, n_low - 1), bound="approximate",
                          qualifier=qualifier)
    delta = max(1, round(0.1 * n_low))
    return CountRange(low=max(0, n_low - delta), high=n_high + delta, bound="approximate",
                      qualifier=qualifier)


# -- finding counts in a document -------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _is_numberish_word(low: str) -> bool:
    """Whether a lowercased token text reads as a number (memoised: words repeat)."""
    if low in {"no", "none", "nobody", "several", "few", "couple", "handful", "half"}:
        return False  # only as parts of phrases, checked by the caller
    return bool(
        _NUM_TOKEN.match(low) or low in _UNITS or low in _SCALES
        or low in {"dozen", "dozens", "tens", "hundreds", "thousands", "millions", "scores"}
    )  # fmt: skip


def _is_age(doc: Doc, first: int, last: int) -> bool:
    """"15-year-old", "17 years old", "aged 17", "Smith, 23," : an age, not a count."""
    after = doc[last + 1 : last + 5].text.lower()
    if re.match(r"^-?\s*(?:year|month|week|day)s?\s*-?\s*old\b", after):
        return True
    before = doc[max(0, first - 2) : first].text.lower()
    if re.search(r"\b(?:aged?|ages)$", before):
        return True
    # a list of ages after the people or "ages": "two men, 19 and 23,", "ages 21, 32 and 49"
    k = first - 1
    if last + 1 < len(doc) and doc[last + 1].pos_ in {"NOUN", "PROPN"}:
        k = -1  # "and two males": a count of its own noun
    while k >= 0 and (doc[k].text in {",", "and"} or doc[k].like_num):
        k -= 1
    if k >= 0 and k < first - 1 and (
        doc[k].lower_ in {"ages", "aged", "age"}
        or (doc[k + 1].text == "," and doc[k].tag_ in {"NNS", "NNPS"} and doc[k].lemma_.lower() in _PERSON_NOUNS)
    ):
        return True
    prev = doc[first - 1] if first > 0 else None
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if prev is not None and prev.text == "," and first >= 2 and doc[first - 2].ent_type_ == "PERSON":
        return nxt is None or nxt.text in {",", ".", ";", ")", "(", "and"}  # "Doerr, three (pictured)"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return first >= 2 and doc[first - 2].ent_type_ == "PERSON"
    return False


def _span_bounds(doc: Doc, i: int, lw: _Lowered) -> tuple[int, int]:
    """Grow the number at token ``i`` to its qualifiers and range partner (token bounds)."""
    lowers = lw.lowers
    n = len(lowers)
    j = i
    while j + 1 < n and (
        _is_numberish_word(lowers[j + 1])
        or (doc[j + 1].text in {"-", "and"} and j + 2 < n and lowers[j + 2] in _UNITS
            and lowers[j] in _UNITS)
    ):  # fmt: skip
        j += 1
    if j + 2 < n and lowers[j + 1] == "of" and lowers[j + 2] == "thousands":
        j += 2  # "tens of thousands"
    # range partner: "20 to 30", "two or three", "20-30"
    if j + 2 < n and lowers[j + 1] in {"to", "or", "-", "–"} and _is_numberish_word(lowers[j + 2]):
        j += 2
    # trailing qualifiers
    tail = lw.text(j + 1, j + 3)
    for phrase in (*_AFTER_LOWER, *_AFTER_ABOUT):
        if tail == phrase or tail.startswith(phrase + " ") or (phrase == "+" and tail.startswith("+")):
            j += len(phrase.split())
            break
    return _extend_left(i, lw), j


#: The qualifiers :func:`_extend_left` takes in (built once, not per call).
_LEFT_PREFIXES = frozenset((*_LOWER, *_UPPER, *_BELOW, *_NEARLY, *_ABOUT, "between", "from", "several",
                            "a few", "a", "half a", "a half", "tens of"))  # fmt: skip


def _extend_left(i: int, lw: _Lowered) -> int:
    """Start of the qualifier before the number at ``i`` ("more than", "up to"), or ``i``."""
    prefixes = _LEFT_PREFIXES
    for width in (3, 2, 1):
        if i - width < 0:
            continue
        words = lw.text(i - width, i)
        if words in prefixes and not (words == "a" and lw.lowers[i] not in {*_SCALES, "dozen"}):
            return i - width
    return i


class _Lowered:
    """A doc's lowercased token texts and trailing spaces, read once from arrays.

    ``text(a, b)`` is ``doc[a:b].text.lower()`` without making a Span: a span's text is
    its tokens' texts, each but the last followed by its one space (spaCy keeps other
    whitespace as tokens), and the LOWER attribute is ``str.lower`` of the text. (Only
    a Greek final sigma lowers differently inside a longer string; the texts are
    compared with ASCII phrases, which no such text equals either way.)
    """

    __slots__ = ("lowers", "spaced")

    def __init__(self, lowers: list[str], spaced: list[int]) -> None:
        self.lowers = lowers
        self.spaced = spaced

    def text(self, a: int, b: int) -> str:
        lowers, spaced = self.lowers, self.spaced
        b = min(b, len(lowers))
        if b - a == 1:
            return lowers[a]
        if b <= a:
            return ""
        return "".join([lowers[k] + " " if spaced[k] else lowers[k] for k in range(a, b - 1)]) + lowers[b - 1]


def _head_of(doc: Doc, first: int, last: int) -> Token | None:
    """The counted noun: the number's syntactic head, or the object of "of" after it."""
    inside = range(first, last + 1)
    roots = [t for t in doc[first : last + 1] if t.head.i not in inside or t.head.i == t.i]
    for tok in roots:
        if tok.dep_ in {"nummod", "quantmod", "amod", "det", "compound"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            head = tok.head
            if head.tag_ in {"NNP", "NNPS"} or head.text.isupper():
                # "4,000 Islamic State (IS) terrorists", "5,000 IS-militants": the parser
                # hangs the number on the name; the counted noun is the next common plural.
                for t in doc[head.i + 1 : min(len(doc), head.i + 10)]:
                    if t.tag_ == "NNS" and not t.text.isupper() and t.pos_ == "NOUN":
                        return t
                    if t.pos_ in {"VERB", "AUX"} or t.is_sent_end:
                        break
            return head
    last_tok = doc[last]
    if last + 2 < len(doc) and doc[last + 1].lower_ == "of":
        for t in doc[last + 2 : min(len(doc), last + 6)]:
            if t.pos_ in {"NOUN", "PROPN"} and t.dep_ == "pobj":
                return t
    for child in last_tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _cues(doc: Doc, first: int, last: int, head: Token | None) -> list[Token]:
    """Tokens whose lemma may say what happened to the counted people, nearest first."""
    cues: list[Token] = []
    base = head if head is not None else doc[last]
    for tok in (*doc[first : last + 1], base):
        cues.extend(c for c in tok.children if c.dep_ in {"advmod", "amod", "acomp", "oprd", "acl", "relcl"})
    # right neighbours: "two dead", "five wounded", "one man dead"
    for t in doc[base.i + 1 : base.i + 3]:
        if t.is_punct or t.is_sent_start:
            break  # "... two victims. Killing ..." is another sentence
        cues.append(t)
    node, hops = base, 0
    while node.head.i != node.i and hops < 4:
        node = node.head
        hops += 1
        cues.append(node)
        if node.pos_ in {"VERB", "ADJ"}:
            cues.extend(c for c in node.children if c.dep_ in {"advmod", "acomp", "oprd", "nsubj", "nsubjpass"})
            break
    return cues


def _role(cues: Sequence[Token], head: Token | None) -> tuple[Role, str]:
    lemmas = [(c.lemma_.lower(), c.text.lower()) for c in cues]
    negated = any(c.dep_ == "neg" for cue in cues for c in cue.children)
    if not negated:
        for lemma, text in lemmas:
            if lemma in _KILLED or text in _KILLED:
                return "killed", f"cue {text!r}"
        for lemma, text in lemmas:
            if lemma in _INJURED or text in _INJURED:
                return "injured", f"cue {text!r}"
        for lemma, text in lemmas:
            if lemma in _SHOT or text in _SHOT:
                return "shot", f"cue {text!r}"
    if head is not None:
        lemma = head.lemma_.lower()
        for words, role in ((_KILLED, "killed"), (_INJURED, "injured"),
                            (_FIGHTERS, "fighters"), (_TROOPS, "troops"),
                            (_CIVILIANS, "civilians"), (_VEHICLES, "vehicles")):  # fmt: skip
            if lemma in words:
                return role, f"head noun {head.text!r}"  # type: ignore[return-value]
    return "other", "no cue"


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts in ``doc`` with ranges, head nouns and role hints, in text order.

    Args:
        doc: a parsed document (tagger, parser and NER are used).

    Returns:
        One ``Quantity`` per count; ages, dates, money, measures are skipped. A count
        without its noun ("three people were shot, one fatally") borrows the noun of
        the count before it in the same sentence.
    """
    skip = {t.i for ent in doc.ents if ent.label_ in _SKIP_ENTS for t in ent}
    out: list[Quantity] = []
    # every token's lowercased text read at once; most tokens open nothing and are
    # passed over without making a Token object
    strings = doc.vocab.strings
    # by column (``.T``): two lists of ints, not one small list per token
    lower, spaced = doc.to_array(["LOWER", "SPACY"]).T.tolist() if len(doc) else ([], [])
    lowers = [strings[h] for h in lower]
    lw = _Lowered(lowers, spaced)
    i = 0
    n = len(doc)
    while i < n:
        numberish = _is_numberish_word(lowers[i])
        if not numberish and lowers[i] not in _OPENERS:
            i += 1
            continue
        single = _singular_victim(doc, i) if not numberish else None
        if single is not None:
            out.append(single)
            i += 1
            continue
        vague = _vague_phrase(doc, i, lw)
        if not numberish and vague is None:
            i += 1
            continue
        if vague is not None:
            first, last = i, vague
            start = _extend_left(first, lw)
            end = last
            # "several hundred", "a few thousand": the scale word belongs to the phrase
            while end + 1 < n and lowers[end + 1] in {"hundred", "thousand", "dozen"}:
                end += 1
        else:
            start, end = _span_bounds(doc, i, lw)
            first, last = i, end
        if any(k in skip for k in range(first, end + 1)) and vague is None:
            i = end + 1
            continue
        if _is_age(doc, first, end) or _not_a_count(doc, start, end):
            i = end + 1
            continue
        quantity = _make(doc, start, end, out)
        if quantity is not None:
            out.append(quantity)
        i = end + 1
    return out


def _vague_phrase(doc: Doc, i: int, lw: _Lowered) -> int | None:
    """End token of a vague quantity phrase at ``i`` ("several", "a few", "no one"), or None."""
    lowers = lw.lowers
    if lowers[i] not in _VAGUE_FIRST:
        return None  # called at every token: one set lookup rules out most of them
    n = len(lowers)
    for width in (3, 2, 1):
        if i + width > n:
            continue
        words = lw.text(i, i + width)
        if words in _VAGUE and words not in {"dozen", "no"}:
            if words == "a" or (words in {"several", "a few", "a couple"} and i + width < n
                                 and doc[i + width].pos_ not in {"NOUN", "NUM"}):
                return None  # "several" alone is a determiner only before a noun
            if words in {"nobody", "no one"} or i + width < n:
                return i + width - 1
    if lowers[i] == "no" and i + 1 < n and lowers[i + 1] in {"one"}:
        return i + 1
    return None


#: First words of the vague phrases (and "no" of "no one").
_VAGUE_FIRST = frozenset({w.split()[0] for w in _VAGUE} | {"no"})
#: Words a count that is not a number can open: a vague phrase or "a man".
_OPENERS = _VAGUE_FIRST | {"a", "an"}


def _not_a_count(doc: Doc, start: int, end: int) -> bool:
    nxt = doc[end + 1] if end + 1 < len(doc) else None
    prev = doc[start - 1] if start > 0 else None
    if nxt is not None and (nxt.lemma_.lower() in _NOT_COUNTED or nxt.text in {":", "%", "/"}):
        return True
    if nxt is not None and nxt.text == "-" and end + 2 < len(doc) and doc[end + 2].lemma_.lower() in _NOT_COUNTED:
        return True
    if prev is not None and prev.text in {"$", "#", "No.", "no.", "No"}:
        return True
    if doc[start].text.startswith("."):
        return True  # ".40-caliber"
    if prev is not None and prev.pos_ == "PROPN" and prev.is_title and doc[start].like_num and (
        nxt is None or nxt.pos_ != "NOUN"
    ):
        return True  # "Highway 17", "Game 7", "Route 66"
    return doc[start].text.isdigit() and len(doc[start].text) == 4 and doc[start].text[:2] in {"19", "20"}


def _make(doc: Doc, start: int, end: int, previous: Sequence[Quantity]) -> Quantity | None:
    span = doc[start : end + 1]
    count = parse_count(span.text)
    if count is None:
        return None
    head = _head_of(doc, start, end)
    if head is not None and head.lemma_.lower() in _NOT_COUNTED:
        return None
    cues = _cues(doc, start, end, head)
    role, why = _role(cues, head)
    bound, high, qualifier = count.bound, count.high, count.qualifier
    group = _partitive_group(doc, end)
    if group and role in {"killed", "injured", "shot"}:
        own_role, _ = _role([c for c in cues if c.i not in group], None)
        if own_role != role:
            # "one of the others injured was his brother": the casualty words describe
            # the group the one belongs to, which is at least that large
            bound, high, qualifier = "lower", None, f"{span.text} of"
            why += f"; {span.text!r} is one of a group of unstated size: at least {count.low}"
    head_lemma = head.lemma_.lower() if head is not None else None
    head_start = head.idx if head is not None else None
    head_end = head.idx + len(head.text) if head is not None else None
    if head is None:
        # Elliptic count ("three people were shot, one fatally"): the previous count's noun.
        sent = span.sent
        for q in reversed(previous):
            if q.head is not None and q.start >= sent.start_char and q.end <= span.start_char:
                head_lemma, head_start, head_end = q.head, q.head_start, q.head_end
                why += f"; noun from {q.text!r}"
                break
    low = count.low
    if low == 0 and count.high != 0 and role in {"killed", "injured", "shot"}:
        low = 1  # "killing up to 300": the verb says some died
        why += "; lower bound 1: the verb says it happened"
    return Quantity(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        low=low,
        high=high,
        qualifier=qualifier,
        bound=bound,
        head=head_lemma,
        head_start=head_start,
        head_end=head_end,
        role=role,
        reason=why,
    )


def _partitive_group(doc: Doc, end: int) -> frozenset[int]:
    """Token indices of an "of" phrase after the count that names a group without a
    number ("one of the others injured", "two of the wounded"); empty otherwise.

    "one of the five victims" names its group's size: that is a count of its own.
    """
    if end + 1 >= len(doc) or doc[end + 1].lower_ != "of":
        return frozenset()
    subtree = frozenset(t.i for t in doc[end + 1].subtree)
    if not subtree or any(doc[k].like_num or doc[k].pos_ == "NUM" for k in subtree if k > end + 1):
        return frozenset()
    return subtree


def _singular_victim(doc: Doc, i: int) -> Quantity | None:
    """"a man was shot dead": an indefinite singular person noun with a casualty cue is 1."""
    tok = doc[i]
    if tok.lower_ not in {"a", "an"} or tok.dep_ != "det":
        return None
    noun = tok.head
    if noun.i <= i or noun.tag_ != "NN" or noun.lemma_.lower() not in _PERSON_NOUNS:
        return None
    role, why = _role(_cues(doc, noun.i, noun.i, noun), None)
    if role not in {"killed", "injured", "shot"}:
        return None
    span = doc[i : noun.i + 1]
    return Quantity(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        low=1,
        high=1,
        qualifier="a",
        bound="exact",
        head=noun.lemma_.lower(),
        head_start=noun.idx,
        head_end=noun.idx + len(noun.text),
        role=role,
        reason=f"singular indefinite {noun.text!r}; {why}",
    )
