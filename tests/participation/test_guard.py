"""The personal-data guard (participation.guard): what it flags, how it redacts, its quality
floors on fixed sets, and that it never touches the network.

The fixed sets are in tests/participation/data/: seed_002_feedback.csv (every feedback item of
seed 002's Participation Conference 2018, with the seed line it came from; four name someone)
and guard_labelled.csv (285 invented items, 155 of them hard negatives). The floors are
quality gates, not timings: bench/guard.py prints the timings.
"""

import importlib
import itertools
import socket
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.guard import KINDS, Flag, measures, redact, scan
from participation.guard.patterns import nhs_check_digit_ok, ni_number_ok

DATA = Path(__file__).resolve().parent / "data"
SEED = measures.load(DATA / "seed_002_feedback.csv")
LABELLED = measures.load(DATA / "guard_labelled.csv")


def kinds(text):
    return {f.kind for f in scan(text)}


# --- the seed and the labelled set -----------------------------------------------------------


@pytest.mark.parametrize("item", [i for i in SEED if i.expected], ids=lambda i: i.text[:30])
def test_every_named_example_in_the_seed_is_caught(item):
    assert item.expected <= kinds(item.text)


def test_the_seed_holds_its_named_examples():
    named = [i.text for i in SEED if i.expected]
    assert "Emma has the biggest heart" in named
    assert "Haley (real name)" in named
    assert len(SEED) - len(named) >= 300  # the ordinary lists


def test_at_most_five_percent_of_the_seeds_ordinary_feedback_is_flagged():
    m = measures.measure([i for i in SEED if not i.expected])
    assert m.false_flag_rate <= 0.05, m.false_flags


def test_labelled_set_is_big_enough_with_hard_negatives():
    assert len(LABELLED) >= 200
    assert sum(1 for i in LABELLED if not i.expected) >= 100
    assert {k for i in LABELLED for k in i.expected} == set(KINDS)  # every kind, caught or not


def test_recall_on_the_labelled_set_is_at_least_95_percent():
    m = measures.measure(LABELLED)
    assert m.recall >= 0.95, m.missed


def test_recall_on_the_held_out_set_is_at_least_90_percent():
    # Written after the rules were tuned and never tuned on: the honest figure.
    m = measures.measure(measures.load(DATA / "guard_holdout.csv"))
    assert m.recall >= 0.9, m.missed


def test_false_flags_on_the_labelled_sets_hard_negatives_are_at_most_5_percent():
    m = measures.measure(LABELLED)
    assert m.false_flag_rate <= 0.05, m.false_flags


# --- each kind: caught, and its look-alikes not ------------------------------------------------

POSITIVES = [
    ("first_name", "Emma is a star!"),
    ("first_name", "liam never listens"),
    ("first_name", "Bethany's carer is kind"),
    ("first_name", "I told Grace about it"),
    ("first_name", "My friend Will came too"),
    ("first_name", "Grace helped me"),
    ("first_name", "my real name is Zorblax"),
    ("real_name_cue", "Haley (real name)"),
    ("real_name_cue", "put my full name on it"),
    ("titled_name", "Mrs Patel listened"),
    ("date_of_birth", "DOB 12/03/2010"),
    ("date_of_birth", "I was born on 3rd May 2009"),
    ("phone", "text me on 07700 900123"),
    ("phone", "+44 (0) 7700 900 999"),
    ("phone", "call 020 7946 0123"),
    ("email", "write to jo.bloggs@example.org"),
    ("email", "sam dot jones at gmail dot com"),
    ("username", "add me @kayla.x09"),
    ("postcode", "I live near SO23 8ZZ"),
    ("postcode", "we moved to RG21"),
    ("postcode", "my postcode is M3"),
    ("address", "I live at 7 Church Street"),
    ("address", "i live at 22 willow close"),
    ("school", "I go to Oakfield Primary School"),
    ("school", "St Mary's C of E Primary"),
    ("nhs_number", "my NHS number is 943 476 5919"),
    ("ni_number", "NI: JG123456A"),
]

NEGATIVES = [
    ("first_name", "Hope"),
    ("first_name", "There is always hope"),
    ("first_name", "Will you listen?"),
    ("first_name", "May we have more trips"),
    ("first_name", "My journey home"),
    ("first_name", "Wonder Woman"),
    ("first_name", "Meet in school or Costa"),
    ("first_name", "We went to Paris"),
    ("first_name", "Victoria Road"),
    ("first_name", "they called me names at school"),
    ("first_name", "I was named after my nan"),
    ("titled_name", "Mr Men books"),
    ("date_of_birth", "I was born on a Tuesday"),
    ("date_of_birth", "Birthday cake for everyone"),
    ("phone", "Call 999"),
    ("phone", "I waited 3 weeks and 12 days"),
    ("phone", "The meeting is on 12/03/2025"),
    ("email", "The @ sign was wrong"),
    ("username", "write to jo.bloggs@example.org"),
    ("postcode", "The M3 is busy"),
    ("postcode", "CO2 from the minibus"),
    ("postcode", "KS4 options"),
    ("address", "5 more days of summer club"),
    ("address", "I want to live in a flat"),
    ("school", "Primary school was better"),
    ("school", "The Virtual School helped"),
    ("school", "Going to College"),
    ("nhs_number", "Reference 1234567890"),
    ("ni_number", "QQ 12 34 56 C"),
    ("ni_number", "DA 12 34 56 A"),
]


@pytest.mark.parametrize(("kind", "text"), POSITIVES)
def test_each_kind_is_caught(kind, text):
    assert kind in kinds(text)


@pytest.mark.parametrize(("kind", "text"), NEGATIVES)
def test_look_alikes_are_not_flagged(kind, text):
    assert kind not in kinds(text)


def test_a_flag_says_what_and_where():
    text = "Thanks Keeley, ring 07700 900123"
    flags = scan(text)
    assert [(f.kind, f.text) for f in flags] == [
        ("first_name", "Keeley"),
        ("phone", "07700 900123"),
    ]
    for f in flags:
        assert text[f.start : f.end] == f.text
        assert f.text in f.reason
    assert flags[0].reason == "looks like a first name: Keeley"
    assert flags[0].span == (7, 13)
    assert flags[0].label == "a first name"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Emma Watson came to the review", "Emma Watson"),
        ("The panel with Ellie-May was fun", "Ellie-May"),
        ("Grace Brown helped me", "Grace Brown"),
        ("Will Smith is my mentor", "Will Smith"),
        ("ZAINAB AHMED IS KIND", "ZAINAB AHMED"),
        ("emma watson is kind", "emma watson"),
        ("emma green is kind", "emma"),  # green: a surname, but also a word
    ],
)
def test_a_flag_covers_the_whole_name(text, name):
    assert [f.text for f in scan(text) if f.kind == "first_name"] == [name]
    assert name not in redact(text, scan(text))


def test_an_email_is_one_flag_not_a_name_inside_it():
    assert [(f.kind, f.text) for f in scan("emma.jones@example.org")] == [
        ("email", "emma.jones@example.org")
    ]


def test_no_text_no_flags():
    assert scan("") == []
    assert scan("   ") == []


WORDS = st.sampled_from(
    ["Emma", "Grace", "Hope", "Will", "Watson", "SO23", "8ZZ", "07700", "900123", "@kayla",
     "jo@example.org", "12", "Oak", "Road", "Oakfield", "Primary", "AB", "123456", "C", "943",
     "476", "5919", "real", "name", "my", "is", "DOB", "Mrs", "St", "Mary\u2019s", "\u00e9"]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "-", ", ", ". ", "\n", "(", ")", "'s ", "\u2013"])


# No deadline: the machine is shared, and a timing is not what this test is about.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(WORDS, SEPARATORS), max_size=20).map(
        lambda pairs: "".join(w + sep for w, sep in pairs)
    )
    | st.text(max_size=120)
)
def test_any_text_gives_well_formed_flags_and_a_clean_redaction(text):
    flags = scan(text)
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.kind in KINDS
        assert flag.reason
    for a, b in itertools.pairwise(flags):
        assert a.end <= b.start  # no overlaps, in order
    redacted = redact(text, flags)
    assert redact(redacted, []) == redacted
    if not flags:
        assert redacted == text


# --- check digits ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["943 476 5919", "4766143558", "458-228-4205", "6605957458"])
def test_nhs_numbers_with_a_right_check_digit(number):
    assert nhs_check_digit_ok(number)


@pytest.mark.parametrize(
    "number",
    [
        "943 476 5918",  # last digit changed
        "943 476 5910",
        "4105044517",
        "123456789",  # too short
        "1000000010",  # the check would be 10: never issued
    ],
)
def test_nhs_numbers_with_a_wrong_check_digit(number):
    assert not nhs_check_digit_ok(number)
    assert "nhs_number" not in kinds(f"number {number}")


@pytest.mark.parametrize("number", ["AB 12 34 56 C", "JG123456A", "ce 10 20 30 d", "NH654321"])
def test_ni_numbers_that_follow_the_prefix_rules(number):
    assert ni_number_ok(number)


@pytest.mark.parametrize(
    "number",
    [
        "QQ 12 34 56 C",  # Q is never a first letter (HMRC's specimen)
        "DA 12 34 56 A",  # nor D
        "AO 12 34 56 A",  # O is never a second letter
        "GB 12 34 56 A",  # never allocated
        "TN 12 34 56 A",  # temporary
        "ZZ 12 34 56 A",
        "AB 12 34 56 E",  # the suffix is A to D
    ],
)
def test_ni_numbers_that_break_the_prefix_rules(number):
    assert not ni_number_ok(number)
    assert "ni_number" not in kinds(number)


# --- redaction ---------------------------------------------------------------------------------


def test_redact_replaces_each_flag_with_its_kinds_words():
    text = "Haley (real name) lives at 3 Mill Road, SO23 8ZZ, 07700 900123"
    assert redact(text, scan(text)) == (
        "[name removed] ([removed]) lives at [address removed], [postcode removed], "
        "[phone number removed]"
    )


def test_redact_keeps_a_possessive_and_the_rest_of_the_words():
    text = "Emma's carer is kind; Emma is a star!"
    assert redact(text, scan(text)) == "[name removed]'s carer is kind; [name removed] is a star!"


def test_redact_applies_only_the_flags_given():
    text = "Thanks Keeley, ring 07700 900123"
    phone = [f for f in scan(text) if f.kind == "phone"]
    assert redact(text, phone) == "Thanks Keeley, ring [phone number removed]"
    assert redact(text, []) == text


def test_redact_refuses_a_flag_from_another_text():
    with pytest.raises(ValueError):
        redact("Hello there", [Flag(0, 4, "first_name", "Emma", "looks like a first name: Emma")])


def test_hostile_text_is_returned_as_text():
    text = "<script>alert('Emma')</script>"
    assert redact(text, scan(text)) == "<script>alert('[name removed]')</script>"


# --- offline -----------------------------------------------------------------------------------


def test_no_network_is_used_to_load_or_scan(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the guard tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    # A fresh import: every module of the package again, so the lists are read again.
    modules = ["flags", "patterns", "names", "engine", "measures"]
    fresh = {}
    for name in modules:
        fresh[name] = importlib.reload(sys.modules[f"participation.guard.{name}"])
    package = importlib.reload(sys.modules["participation.guard"])

    flags = package.scan("Emma has the biggest heart, ring 07700 900123, SO23 8ZZ")
    assert [f.kind for f in flags] == ["first_name", "phone", "postcode"]
    assert len(fresh["names"].FIRST_NAMES) > 5000
