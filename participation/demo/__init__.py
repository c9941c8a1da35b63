"""The demo council's participation: each area loads its own part, in order (events first,
then what was said at them, then what was done)."""

from importlib import import_module

PARTS = ["events", "feedback", "responses"]


def load(organisation):
    for part in PARTS:
        module = f"{__name__}.{part}"
        try:
            loader = import_module(module)
        except ModuleNotFoundError as missing:
            if missing.name != module:
                raise
            continue
        loader.load(organisation)
