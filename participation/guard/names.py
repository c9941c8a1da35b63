"""Names: first names from a dictionary (with the ordinary words that are also names held
back), names that a cue points at ("my name is ...", "... (real name)"), the cues themselves,
and names after a title ("Mrs Patel").

The lists are text files in data/ (see data/README.md for where they come from), read once
when this module is imported. Nothing is fetched.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .flags import Flag

DATA = Path(__file__).resolve().parent / "data"


def fold(word: str) -> str:
    """Lower case without accents, as the lists are written."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(s.strip()) for s in lines if s.strip() and not s.startswith("#"))


FIRST_NAMES = _read("first_names.txt")
# Names that are also ordinary English words ("Hope", "Will", "Grace"): flagged only in
# context (see _is_name).
NAME_WORDS = _read("name_words.txt") | _read("extra_name_words.txt")
# Of those, the ones nearly always a name when capitalised ("Harry", "Jack", "Tom").
MOSTLY_NAMES = _read("mostly_names.txt")
# Places, brands, months and days that are also names ("Paris", "Chelsea", "Lego"): flagged
# only after a strong cue ("my name is Paris").
PLACES = _read("places_and_brands.txt")
# Surnames: a name's flag is widened over the surname after it ("Emma Watson").
SURNAMES = _read("surnames.txt")
# Of those, the ordinary words (Brown, Green, Smith): in a text all in lower case, "emma green"
# is not widened over them.
SURNAME_WORDS = _read("surname_words.txt")
_WORDLIKE = NAME_WORDS | PLACES

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_BOUNDARY = re.compile(
    r"[.!?:;\n\u2022\u2013\u2014\"\u201c\u201d\u2018(\[*]|(?:^|\s)-(?:\s|$)|\.\.\."
)

# Words after which a capitalised name-word is a name: "Hi Grace", "my friend Will".
_GREETINGS = {"hi", "hello", "hey", "dear", "thanks", "cheers", "bye", "love", "called", "named"}
_PEOPLE = {
    "worker", "carer", "carers", "sw", "pa", "mentor", "teacher", "sister", "brother", "friend",
    "mate", "bro", "sis", "cousin", "keyworker", "iro", "adviser", "advisor", "manager", "nan",
    "auntie", "aunty", "uncle", "grandad", "grandma", "foster", "boyfriend", "girlfriend",
    "bestie", "buddy", "son", "daughter", "baby", "partner", "mum", "dad",
}  # fmt: skip
# Name-words that often start a sentence as ordinary words: "Hope is important".
_ABSTRACT = {
    "hope", "faith", "love", "joy", "peace", "trust", "patience", "charity", "mercy", "harmony",
    "justice", "liberty", "destiny", "karma", "chance", "comfort", "reason", "unique", "young",
    "less", "early", "long", "little", "true", "golden", "lucky", "precious", "innocent", "major",
    "minor", "sad", "mad", "red", "summer", "winter", "spring", "autumn", "may", "august",
    "over", "ever", "else", "side", "media", "council", "job", "journey", "friend", "doctor",
    "judge", "lawyer", "foster", "star", "heaven", "angel", "baby", "son", "sister", "man",
    "lady", "boss", "general", "art", "case", "press", "price", "change", "will", "mark", "bill",
    "rich", "park", "fate", "miracle", "treasure", "music", "honesty", "nobody",
}  # fmt: skip
_SEASONS = {"may", "june", "april", "august", "summer", "winter", "spring", "autumn", "love"}
_PERSON_VERBS = {
    "is", "was", "has", "had", "helped", "helps", "said", "says", "listens", "listened", "always",
    "never", "gave", "gives", "told", "tells", "took", "takes", "makes", "made", "does", "did",
    "cares", "cared", "understands", "understood", "gets", "got", "came", "comes", "knows",
    "knew", "should", "shouted", "rang", "rings", "called", "visits", "visited", "left", "moved",
    "and", "&", "my", "from", "isn't", "wasn't", "doesn't", "didn't",
}  # fmt: skip
# Words after which a name is taken as one even if no list knows it: "my name is Zorblax".
_NAMING = re.compile(
    r"(?:\b(?:my|his|her|their|real|first)\s+name\s+is|\bname['\u2019]s|\bnamed|"
    r"\breal\s+name\s+is|\bi\s+am\s+called|\bi['\u2019]?m\s+called)\s*[:\-]?\s*$",
    re.IGNORECASE,
)
_AFTER_NAME = re.compile(
    r"^\s*[(\[,\-\u2013]?\s*(?:not\s+(?:his|her|their|my)\s+)?real\s+name", re.I
)
_NOT_A_NAME = {
    "a", "an", "the", "not", "is", "was", "my", "your", "their", "his", "her", "it", "that",
    "this", "so", "too", "very", "really", "just", "being", "and", "or", "but", "in", "on", "at",
    "to", "of", "for", "with", "everyone", "all", "guys", "team", "there", "sir", "madam", "mr",
    "mrs", "ms", "miss", "nothing", "none", "secret", "private", "unknown", "confidential",
    "important", "i", "you", "we", "they", "he", "she", "me", "him", "them", "us", "no", "yes",
    "same", "different", "what", "who", "here", "hidden", "used", "changed", "names", "things",
    "stuff", "horrible", "rude", "nasty", "weird", "stupid", "fat", "ugly", "after", "by",
}  # fmt: skip
# Words after a name-like word that make it part of a place: "Victoria Road", "St Mary's".
_PLACE_AFTER = {
    "road", "street", "avenue", "lane", "close", "drive", "way", "crescent", "court", "place",
    "gardens", "grove", "terrace", "hill", "park", "row", "mews", "walk", "square", "station",
    "hospital", "centre", "center", "house", "hall", "church", "primary", "school", "academy",
    "college", "infants", "junior", "juniors", "high", "shopping", "line", "bridge", "island",
    "county", "city", "town", "village", "district", "ward", "unit", "theatre", "cinema",
}  # fmt: skip
_PLACE_BEFORE = {"st", "saint", "mount", "port", "lake", "fort", "cape", "new", "north", "south"}


@dataclass
class _Token:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _WORD.finditer(text):
        word, end = m.group(), m.end()
        possessive = re.search(r"['\u2019]s$", word, re.IGNORECASE)
        if possessive and len(word) > 3:
            word, end = word[: possessive.start()], end - 2
        tokens.append(_Token(m.start(), end, word))
    return tokens


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(text: str, tokens: list[_Token], i: int) -> bool:
    if i == 0:
        return True
    between = text[tokens[i - 1].end : tokens[i].start]
    # A possessive's "'s" was cut from the token before: it is not a boundary.
    between = re.sub(r"^['\u2019]s", "", between)
    return bool(_BOUNDARY.search(between))


def _previous_words(tokens: list[_Token], i: int, n: int) -> list[str]:
    return [t.folded for t in tokens[max(0, i - n) : i]]


def _reason(word: str, why: str = "") -> str:
    return f"looks like a first name{why}: {word}"


def _whole_name(text: str, tokens: list[_Token], i: int, consumed: set[int], why: str = "") -> Flag:
    """The flag for the name at tokens[i], widened over a hyphenated second part ("Ellie-May")
    and up to two following names or surnames ("Emma Louise Watson")."""
    start, end, j = tokens[i].start, tokens[i].end, i
    all_lower = text.lower() == text
    while j + 1 < len(tokens):
        nxt = tokens[j + 1]
        between = text[end : nxt.start]
        lower_surname = all_lower and nxt.folded in SURNAMES and nxt.folded not in SURNAME_WORDS
        if not (_capitalised(nxt.text) or lower_surname):
            break
        if between == "-":
            pass  # Ellie-May, Mary-Jane
        elif (
            between == " "
            and j - i < 2
            and (
                nxt.folded in SURNAMES
                or (nxt.folded in FIRST_NAMES and nxt.folded not in _WORDLIKE)
            )
        ):
            pass
        else:
            break
        j += 1
        end = nxt.end
        consumed.add(j)
    found = text[start:end]
    if j > i:
        return Flag(start, end, "first_name", found, f"looks like a name{why}: {found}")
    return Flag(start, end, "first_name", found, _reason(found, why))


def first_names(text: str) -> Iterator[Flag]:
    tokens = _tokens(text)
    consumed: set[int] = set()
    shouting = text.upper() == text and any(c.isalpha() for c in text)
    all_lower = text.lower() == text
    flagged: set[int] = set()
    for i, tok in enumerate(tokens):
        if i in consumed:
            continue
        word, folded = tok.text, tok.folded
        cap = _capitalised(word) or all_lower
        # Only the words near the token matter: a bounded window keeps a long text linear.
        before = text[max(0, tok.start - 40) : tok.start]
        after = text[tok.end : tok.end + 40]
        prev = _previous_words(tokens, i, 2)
        nxt = tokens[i + 1].folded if i + 1 < len(tokens) else ""
        prev1 = prev[-1] if prev else ""

        # 1. Named by a cue: "my name is Zorblax", "Haley (real name)".
        named_by_cue = (_NAMING.search(before) or _AFTER_NAME.match(after)) and (
            folded not in _NOT_A_NAME and (cap or folded in FIRST_NAMES)
        )
        if named_by_cue:
            flagged.add(i)
            yield _whole_name(text, tokens, i, consumed, " (named by the words around it)")
            continue
        if folded not in FIRST_NAMES and folded not in PLACES:
            continue
        if prev1 in _PLACE_BEFORE and i > 0 and _capitalised(tokens[i - 1].text):
            continue  # St Mary's, New Milton
        if nxt in _PLACE_AFTER and i + 1 < len(tokens) and _capitalised(tokens[i + 1].text):
            continue  # Victoria Road, Jubilee Park
        strong_cue = (
            prev1 in _GREETINGS
            or prev1 in _PEOPLE
            or prev[-2:] == ["thank", "you"]
            or (prev1 in {"and", "with"} and ((i - 2) in flagged or (i - 2) in consumed))
        )
        if folded in PLACES:
            # Paris, Chelsea, Jordan: only after a strong cue that is about a person.
            if strong_cue and prev1 not in {"love"} and _capitalised(word):
                flagged.add(i)
                yield _whole_name(text, tokens, i, consumed)
            continue
        ambiguous = folded in NAME_WORDS and folded not in MOSTLY_NAMES
        if not ambiguous:
            # Emma, Haley, Jayden: a name however it is written.
            flagged.add(i)
            yield _whole_name(text, tokens, i, consumed)
            continue
        # Hope, Will, Grace, Bill: a name only where the words around it say so.
        if shouting:
            if strong_cue:
                flagged.add(i)
                yield _whole_name(text, tokens, i, consumed)
            continue
        if not cap:
            continue
        start = _sentence_start(text, tokens, i)
        next_cap = i + 1 < len(tokens) and _capitalised(tokens[i + 1].text)
        # Followed by a surname: "Grace Brown".
        surname_next = next_cap and nxt in SURNAMES and text[tok.end : tokens[i + 1].start] == " "
        if strong_cue and prev1 != "love":
            hit = True
        elif not start:
            # Capitalised in the middle of a sentence, not in a Title Case run.
            prev_lower = not _capitalised(tokens[i - 1].text) or tokens[i - 1].folded == "i"
            hit = (
                prev_lower
                and (not next_cap or surname_next)
                and _capitalised(word)
                and prev1 != "love"
            )
        else:
            # At the start of a sentence: only if a person's verb follows ("Grace helped me").
            hit = (
                (nxt in _PERSON_VERBS and folded not in _ABSTRACT)
                or (surname_next and folded not in _SEASONS)
            ) and _capitalised(word)
        if hit:
            flagged.add(i)
            yield _whole_name(text, tokens, i, consumed)


_CUES = re.compile(
    r"\b(?:real\s+names?|full\s+names?|(?:sur|last\s+|family\s+)name|my\s+name\s+is|"
    r"my\s+name['\u2019]s|his\s+name\s+is|her\s+name\s+is|their\s+name\s+is|"
    r"(?:i\s+am|i['\u2019]?m)\s+called)",
    re.IGNORECASE,
)
# A date of birth: the cue and the date after it are one flag ("DOB 12/03/2010").
_BIRTH = re.compile(
    r"(?:\bdate\s+of\s+birth|\bDOB\b|\bd\.o\.b\.?|\bborn\s+on|\bbirthday\s+is)"
    r"(?:\s*(?:is|:|-)?\s*(?:\d{1,2}(?:st|nd|rd|th)?[\s/.-](?:\d{1,2}|[A-Za-z]{3,9})"
    r"(?:[\s/.-]\d{2,4})?))?",
    re.IGNORECASE,
)


def real_name_cues(text: str) -> Iterator[Flag]:
    for m in _CUES.finditer(text):
        yield Flag(
            m.start(),
            m.end(),
            "real_name_cue",
            m.group(),
            f"says \u201c{m.group()}\u201d: someone may be named or described here",
        )


def dates_of_birth(text: str) -> Iterator[Flag]:
    for m in _BIRTH.finditer(text):
        found = m.group()
        has_date = any(c.isdigit() for c in found)
        if not has_date and found.lower().startswith(("born", "birthday")):
            continue  # "born on a Tuesday"
        why = "looks like a date of birth" if has_date else "says a date of birth is given"
        yield Flag(m.start(), m.end(), "date_of_birth", found, f"{why}: {found}")


_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+([A-Z][a-z'\u2019-]+)(?:\s+([A-Z][a-z'\u2019-]+))?"
)
_NOT_SURNAMES = {
    "men",
    "who",
    "no",
    "strange",
    "you",
    "me",
    "him",
    "her",
    "them",
    "it",
    "my",
    "home",
    "everything",
    "everyone",
}


def titled_names(text: str) -> Iterator[Flag]:
    for m in _TITLED.finditer(text):
        if fold(m.group(1)) in _NOT_SURNAMES:
            continue
        end = m.end()
        if m.group(2) and fold(m.group(2)) in _PLACE_AFTER | _NOT_A_NAME:
            end = m.end(1)
        found = text[m.start() : end]
        yield Flag(m.start(), end, "titled_name", found, f"looks like a person's name: {found}")


RECOGNISERS = [real_name_cues, dates_of_birth, titled_names, first_names]
