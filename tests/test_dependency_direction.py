"""Dependencies point one way (docs/architecture.md, "Dependency direction"):

    corporate_parenting  <-  boards, pledges  <-  surveys, participation  <-  boards.papers

An app imports only from the apps to its left, never from its own layer or one to its right.
The check reads every .py of each app (migrations aside: they name other apps' migration
states, not their code) and follows every import statement, also those inside functions and
relative ones. Wiring by name is not an import and is allowed: the root URLconf's include()
strings, INSTALLED_APPS, navigation's URL names, load_demo's list of demo modules and
templates that load another app's tag library (the meeting page shows packs that way).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Longest first, so boards/papers/ is papers, not boards.
APPS = ["boards.papers", "corporate_parenting", "pledges", "surveys", "participation", "boards"]

LAYERS = [
    {"corporate_parenting"},
    {"boards", "pledges"},
    {"surveys", "participation"},
    {"boards.papers"},
]

ALLOWED = {
    app: set().union(*LAYERS[:depth]) if depth else set()
    for depth, layer in enumerate(LAYERS)
    for app in layer
}


def app_of(module: str) -> str | None:
    for app in APPS:
        if module == app or module.startswith(app + "."):
            return app
    return None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path):
    """(line, module) for every import in the file, relative ones resolved."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield node.lineno, module
            for alias in node.names:  # "from boards import papers" imports boards.papers
                yield node.lineno, f"{module}.{alias.name}"


def app_files(root: Path):
    for app in APPS:
        folder = root.joinpath(*app.split("."))
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(root).parts
            if "migrations" in relative:
                continue
            if app_of(module_name(path, root)) == app:
                yield app, path


def wrong_imports(root: Path = ROOT) -> list[str]:
    found = []
    for app, path in app_files(root):
        for line, module in imported_modules(path, root):
            target = app_of(module)
            if target is None or target == app or target in ALLOWED[app]:
                continue
            found.append(f"{path.relative_to(root)}:{line} ({app}) imports {module} ({target})")
    return sorted(set(found))


def test_dependencies_point_one_way():
    wrong = wrong_imports()
    assert not wrong, "Imports against the dependency direction:\n" + "\n".join(wrong)


def test_the_check_reads_every_app():
    apps = {app for app, _ in app_files(ROOT)}
    assert apps == set(APPS)
    assert sum(1 for app, _ in app_files(ROOT) if app == "boards.papers") > 10


def _tree(tmp_path, files: dict) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for app in APPS:
        folder = tmp_path.joinpath(*app.split("."))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").touch()
    return tmp_path


def test_it_fails_when_boards_imports_papers(tmp_path):
    root = _tree(
        tmp_path,
        {
            "boards/views/meetings.py": "from boards.papers.models import AgendaPack\n",
            "boards/selectors.py": "def f():\n    from .papers import rules\n",
            "boards/services/meetings.py": "from ..papers.rules import may_read_pack\n",
            "boards/feeds.py": "from boards import papers\n",
        },
    )
    assert wrong_imports(root) == [
        "boards/feeds.py:1 (boards) imports boards.papers (boards.papers)",
        "boards/selectors.py:2 (boards) imports boards.papers (boards.papers)",
        "boards/selectors.py:2 (boards) imports boards.papers.rules (boards.papers)",
        "boards/services/meetings.py:1 (boards) imports boards.papers.rules (boards.papers)",
        "boards/services/meetings.py:1 (boards) imports boards.papers.rules.may_read_pack "
        "(boards.papers)",
        "boards/views/meetings.py:1 (boards) imports boards.papers.models (boards.papers)",
        "boards/views/meetings.py:1 (boards) imports boards.papers.models.AgendaPack "
        "(boards.papers)",
    ]


def test_it_fails_on_an_import_up_the_layers_and_within_one(tmp_path):
    root = _tree(
        tmp_path,
        {
            "corporate_parenting/navigation.py": "import pledges.models\n",
            "pledges/reports.py": "from boards.models import Meeting\n",
            "surveys/views.py": "from participation import views\n",
        },
    )
    assert [line.split(" imports ")[0] for line in wrong_imports(root)] == [
        "corporate_parenting/navigation.py:1 (corporate_parenting)",
        "pledges/reports.py:1 (pledges)",
        "pledges/reports.py:1 (pledges)",
        "surveys/views.py:1 (surveys)",
        "surveys/views.py:1 (surveys)",
    ]


def test_it_allows_what_the_direction_allows(tmp_path):
    root = _tree(
        tmp_path,
        {
            "boards/papers/live_blocks.py": "from pledges.selectors import pledge_summary\n",
            "boards/papers/packs.py": "from boards.selectors import matters_arising\n",
            "boards/papers/rules.py": "from .models import Report\nfrom ..selectors import x\n",
            "boards/views/boards.py": "from corporate_parenting.access import require\n",
            "surveys/models.py": "from pledges.models import Commitment\n",
            "boards/papers/migrations/0001_initial.py": "from boards.papers import x\n",
            "boards/migrations/0009.py": "import boards.papers.models\n",
        },
    )
    assert wrong_imports(root) == []
