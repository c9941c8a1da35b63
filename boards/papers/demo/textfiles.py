"""Reading the demo's texts from boards/papers/demo/texts/ (its README says how they are laid
out and edited).

HTML files are written one block a line and may wrap long lines: a line break between two tags
is dropped and any other line break reads as one space, so a file reads back as the one-line
HTML the editor saves. Prose (.txt) is paragraphs separated by a blank line, which may also
wrap; it reads back with its paragraphs separated by a blank line. Paths are relative to texts/.
"""

import re
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).parent / "texts"


def text(path: str) -> str:
    """The file as it is, less its last line break."""
    return (ROOT / path).read_text(encoding="utf-8").removesuffix("\n")


def html(path: str) -> str:
    joined = re.sub(r">\s*\n\s*<", "><", text(path).strip())
    return re.sub(r"\s*\n\s*", " ", joined)


def prose(path: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text(path).strip())
    return "\n\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


@cache
def toml(path: str) -> dict:
    with (ROOT / path).open("rb") as file:
        return tomllib.load(file)


def exists(path: str) -> bool:
    return (ROOT / path).is_file()


def folders(path: str) -> list[str]:
    """The folders inside `path`, in the order of their names."""
    return sorted(f"{path}/{each.name}" for each in (ROOT / path).iterdir() if each.is_dir())
