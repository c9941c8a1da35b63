"""Recognisers for personal data that has a shape: phone numbers, emails, usernames,
postcodes, addresses, schools, NHS and National Insurance numbers.

Each recogniser takes the text and yields Flags. They are regular expressions, some with a
check after the match (the NHS number's check digit, the NI number's prefix rules, a phone
number's length), so that digits that only look alike are not flagged.
"""

import re
from collections.abc import Iterator

from .flags import Flag

# --- phone numbers -----------------------------------------------------------------------------

# A UK number written nationally (0...) or internationally (+44 / 0044, optionally with (0)),
# digits separated by at most one space, dash, dot or bracket each.
_UK_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0\)?[\s\-.]?)(?:\d[\s\-.()]?){8,10}\d(?![\d])"
)
# Any other country's number written with its + code.
_INTL_PHONE = re.compile(r"(?<![\w+])\+(?!44)[1-9]\d{0,2}[\s\-.]?(?:\d[\s\-.]?){6,12}\d(?!\d)")


def _uk_number(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("44") and match.lstrip().startswith("+"):
        national = digits[2:]
    else:
        national = digits[1:]
    if national.startswith("0"):  # the (0) written after +44
        national = national[1:]
    # UK national numbers have 10 digits (9 for some older area codes and 0800 numbers) and
    # start with 1, 2, 3 (geographic and non-geographic), 5, 7 (mobiles), 8 or 9.
    return len(national) in (9, 10) and national[0] in "1235789"


def phones(text: str) -> Iterator[Flag]:
    for m in _UK_PHONE.finditer(text):
        found = m.group().rstrip(" -.(")
        if _uk_number(found):
            start = m.start()
            yield Flag(
                start, start + len(found), "phone", found, f"looks like a phone number: {found}"
            )
    for m in _INTL_PHONE.finditer(text):
        yield Flag(
            m.start(), m.end(), "phone", m.group(), f"looks like a phone number: {m.group()}"
        )


# --- emails and usernames -----------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@[A-Za-z0-9-]{1,63}"
    r"(?:\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,24}"
)
# "jo dot bloggs at gmail dot com" and the like.
_SPELT_EMAIL = re.compile(
    r"(?<![\w.])[\w.]{1,64}(?:\s+dot\s+\w{1,64}){0,3}\s*(?:\(at\)|\[at\]|\s+at\s+)\s*[\w-]+\s*"
    r"(?:\(dot\)|\[dot\]|\s+dot\s+)\s*(?:com|co\s*(?:\.|dot)\s*uk|org|net|uk|ac\s*(?:\.|dot)\s*uk)\b",
    re.IGNORECASE,
)
_USERNAME = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])\b")


def emails(text: str) -> Iterator[Flag]:
    for pattern in (_EMAIL, _SPELT_EMAIL):
        for m in pattern.finditer(text):
            yield Flag(
                m.start(), m.end(), "email", m.group(), f"looks like an email address: {m.group()}"
            )


def usernames(text: str) -> Iterator[Flag]:
    for m in _USERNAME.finditer(text):
        yield Flag(
            m.start(),
            m.end(),
            "username",
            m.group(),
            f"looks like a social media username: {m.group()}",
        )


# --- postcodes ----------------------------------------------------------------------------------

# The 121 postcode areas of the UK (Royal Mail); a partial postcode ("SO23", "PO9") is one of
# these followed by a district number.
_AREAS = (  # noqa: SIM905
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE "
    "LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL "
    "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
_AREA = "|".join(sorted(_AREAS, key=len, reverse=True))
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_OUTWARD = rf"(?:{_AREA})(?:\d[A-Z]|\d{{1,2}})"
_FULL_POSTCODE = re.compile(rf"\b(?:{_OUTWARD}\s?{_INWARD}|GIR\s?0AA)\b", re.IGNORECASE)
_PARTIAL_POSTCODE = re.compile(rf"\b{_OUTWARD}\b")
# Single-letter areas (B, E, G, L, M, N, S, W) written alone look like motorways (M3),
# channels (E4) and grades: flagged only after these words.
_POSTCODE_CUE = re.compile(
    r"(?:post\s?code(?:\s+is)?|live[sd]?\s+in|living\s+in|moved\s+to|area|district)\W{0,3}$",
    re.IGNORECASE,
)
_NOT_POSTCODES = {"CO2", "SO2", "NO2", "WD40", "PE1", "PE2"}


def postcodes(text: str) -> Iterator[Flag]:
    full_spans = []
    for m in _FULL_POSTCODE.finditer(text):
        found = m.group()
        if found != found.upper() and found != found.lower():
            continue  # "Me2 4ab" in mixed case is not how anyone writes a postcode
        if re.fullmatch(r".*\d(?:st|nd|rd|th)", found, re.IGNORECASE) and " " in found:
            continue  # "m8 2nd": an ordinal, not an inward code
        full_spans.append((m.start(), m.end()))
        yield Flag(m.start(), m.end(), "postcode", found, f"looks like a postcode: {found}")
    for m in _PARTIAL_POSTCODE.finditer(text):
        found = m.group()
        if any(s <= m.start() < e for s, e in full_spans) or found in _NOT_POSTCODES:
            continue
        area = re.match(r"[A-Z]+", found).group()
        if len(area) == 1 and not _POSTCODE_CUE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        yield Flag(m.start(), m.end(), "postcode", found, f"looks like part of a postcode: {found}")


# --- addresses ----------------------------------------------------------------------------------

_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|"
    r"Place|Pl|Gardens|Gdns|Grove|Terrace|Hill|Park|Row|Mews|Walk|Square|Sq|View|Rise|Green|"
    r"Parade|Gate|End|Meadow|Meadows|Fields|Wharf|Yard|Copse|Chase|Croft|Estate)"
)
_NAMEWORD = r"[A-Z][a-zA-Z'\u2019-]+"
# "12 Oak Road", "Flat 3, 14a Church Street", "27 St John's Close"
_NUMBERED_ADDRESS = re.compile(
    rf"(?:\bFlat\s+\d+[A-Za-z]?,?\s+)?\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_NAMEWORD}\s+){{1,3}}{_STREET}\b\.?"
)
# Lower case only after a cue: "i live at 12 oak road"
_CUED_ADDRESS = re.compile(
    r"\b(?:live[sd]?|living|stay(?:s|ing)?|moved|address(?:\s+is)?)\s+(?:at|on|in|to|is)?\s*"
    rf"((?:\d{{1,4}}[a-z]?,?\s+)?(?:[a-zA-Z'\u2019-]+\s+){{1,3}}{_STREET.lower()}\b)",
    re.IGNORECASE,
)
_FLAT = re.compile(r"\bFlat\s+\d+[A-Za-z]?\b")


def addresses(text: str) -> Iterator[Flag]:
    for m in _NUMBERED_ADDRESS.finditer(text):
        yield Flag(
            m.start(), m.end(), "address", m.group(), f"looks like a home address: {m.group()}"
        )
    for m in _CUED_ADDRESS.finditer(text):
        s, e = m.span(1)
        words = m.group(1).split()
        if words[0].lower() in {"the", "a", "my", "our", "your", "their", "his", "her", "this"}:
            continue  # "I live in the Close", "moved to a new estate"
        found = m.group(1)
        if not (any(c.isdigit() for c in found) or found[0].isupper() or found.islower()):
            continue  # "oak Road": neither a written address nor all in lower case
        yield Flag(s, e, "address", m.group(1), f"looks like a home address: {m.group(1)}")
    for m in _FLAT.finditer(text):
        yield Flag(
            m.start(), m.end(), "address", m.group(), f"looks like part of an address: {m.group()}"
        )


# --- schools ------------------------------------------------------------------------------------

_SCHOOL_WORD = (
    r"(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|Community|Church|Federation)\s+)?"
    r"(?:(?:Primary|Infants?|Junior|Juniors|High|Secondary|Grammar|Community|Technology|"
    r"Foundation|Sixth\s+Form|Church|Free|Studio|Special)\s+)?"
    r"(?:School|Academy|College|Primary|Infants|Infant|Juniors|Junior|High|Grammar)\b"
)
_SCHOOL_NAME = r"[A-Z][\w'\u2019.&-]*"
_SCHOOL = re.compile(
    rf"\b((?:(?:St\.?|Saint)\s+)?{_SCHOOL_NAME}"
    rf"(?:\s+(?:(?:of|the|and|on|upon|in|de|la|le)\s+)?{_SCHOOL_NAME}){{0,3}})\s+"
    rf"({_SCHOOL_WORD}|{_SCHOOL_WORD.lower()})",
)
# Words that make "X School" a kind of school, not the name of one.
_GENERIC = {
    w.casefold()
    for w in """
    Primary Secondary High Junior Juniors Infant Infants Virtual Sixth Form Forest Sunday Summer
    Boarding Special Residential Private State Local New Old Night Art Arts Music Dance Drama
    Driving Home Middle Upper Lower Nursery Free Faith Big Main Mainstream Current Previous Last
    Next First My Our Your Their His Her The A An At In To Of And Or Going Hate Love Moving
    Changing Missing Leaving Starting After Before Back Out Off Drag More Less No Yes Year Further
    Education Football Sports Sport Stage Theatre Youth Care Police Army Coding Catholic Church
    Community Grammar Technology Foundation Studio Federation College School Academy Hospital
    Holiday Weekend Evening Morning Language Film Cooking Beauty Hair Bible Ofsted Good Bad Great
    Best Worst Different Same Other Another Every Each Some Any All Whole Proper Normal Real Nice
    Then When Why How What Where Which Who Not Stay Staying Go Went Get Got Like Liked Hated
    Hampshire England English UK Maths Science PE IT SEN SEND EHCP
    """.split()  # noqa: SIM905
}


def schools(text: str) -> Iterator[Flag]:
    for m in _SCHOOL.finditer(text):
        words = m.group(1).split()
        start = m.start(1)
        # Drop generic words from the front ("Hate Oakfield Primary" keeps "Oakfield Primary").
        while words and words[0].rstrip(".").casefold() in _GENERIC:
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
            while start < len(text) and text[start].isspace():
                start += 1
        if not words or all(w.casefold() in _GENERIC for w in words):
            continue
        if words[0].casefold() in {"of", "the", "and", "on", "upon", "in", "de", "la", "le"}:
            continue
        found = text[start : m.end()]
        yield Flag(start, m.end(), "school", found, f"looks like a school's name: {found}")


# --- NHS and National Insurance numbers ---------------------------------------------------------

_TEN_DIGITS = re.compile(r"(?<![\d+])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\d])")


def nhs_check_digit_ok(number: str) -> bool:
    """The NHS number's modulus 11 check: weights 10 to 2 on the first nine digits."""
    digits = re.sub(r"\D", "", number)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> Iterator[Flag]:
    for m in _TEN_DIGITS.finditer(text):
        if nhs_check_digit_ok(m.group()):
            yield Flag(
                m.start(), m.end(), "nhs_number", m.group(),
                f"looks like an NHS number (its check digit is right): {m.group()}",
            )  # fmt: skip


_NINO = re.compile(
    r"\b([A-Z]{2})\s?(\d{2})\s?(\d{2})\s?(\d{2})(?!\d)(?:\s?([A-D])\b|(?!\s?[A-Z]\b))",
    re.IGNORECASE,
)
# HMRC's rules: the first letter is not D, F, I, Q, U or V; the second is not D, F, I, O, Q, U
# or V; and these prefixes are never allocated.
_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def ni_number_ok(number: str) -> bool:
    m = _NINO.fullmatch(number.strip())
    if not m:
        return False
    prefix = m.group(1).upper()
    return (
        prefix[0] not in "DFIQUV"
        and prefix[1] not in "DFIOQUV"
        and prefix not in _NINO_BAD_PREFIXES
    )


def ni_numbers(text: str) -> Iterator[Flag]:
    for m in _NINO.finditer(text):
        found = m.group()
        if found != found.upper() and found != found.lower():
            continue
        if ni_number_ok(found):
            yield Flag(
                m.start(), m.end(), "ni_number", found,
                f"looks like a National Insurance number: {found}",
            )  # fmt: skip


RECOGNISERS = [emails, usernames, nhs_numbers, ni_numbers, phones, postcodes, addresses, schools]
