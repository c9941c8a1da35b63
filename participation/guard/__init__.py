"""The personal-data guard for young people's feedback (issue 14, point 4).

Pure Python, no models and no Django: `scan(text)` returns the likely personal data in a piece
of feedback as `Flag`s, `redact(text, flags)` replaces the flagged spans. It runs offline: the
name lists are text files in `data/`, read once at import, and nothing is fetched. See
docs/decisions/0030-personal-data-guard-patterns-and-dictionary.md.
"""

from .engine import redact, scan
from .flags import KINDS, Flag

__all__ = ["KINDS", "Flag", "redact", "scan"]
