"""What every email shares: the subject is one line of text, whatever names it carries."""


def subject_line(text) -> str:
    """`text` on one line. A line break typed into a name (a board's, an organisation's) would
    otherwise make Django refuse the whole message (BadHeaderError), and the email never go."""
    return " ".join(str(text).split())
