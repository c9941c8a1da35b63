"""Checks that a PDF's tags hold together, read back with pikepdf (what a screen reader and a
PDF/UA checker rely on): every marked piece of page content is reachable from the structure
tree through the parent tree, every structure element points at a page of this PDF, and every
piece of text is either tagged content or an artifact (page numbers, running stamps)."""

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@dataclass
class TagReport:
    pages: int
    elements: int
    roles: dict = field(default_factory=dict)  # role -> count
    parts: list = field(default_factory=list)  # the Document's children roles
    untagged_text_pages: list = field(default_factory=list)  # 1-based
    problems: list = field(default_factory=list)


def _marked_ids(page, pdf, problems, number):
    """MCIDs used on the page, and whether any text sits outside tagged content/artifacts."""
    mcids, loose_text = [], False
    stack = []  # "mcid", "artifact" or "other"
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = operands[0]
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            if tag == Name.Artifact:
                stack.append("artifact")
            elif isinstance(props, Dictionary) and "/MCID" in props:
                mcids.append(int(props.MCID))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if stack:
                stack.pop()
            else:
                problems.append(f"page {number}: EMC without BDC")
        elif op in TEXT_OPERATORS and not ({"mcid", "artifact"} & set(stack)):
            loose_text = True
    return mcids, loose_text


def check_tags(data: bytes, *, untagged_pages: set[int] = frozenset()) -> TagReport:
    """Reads the PDF's tags; problems are listed, not raised, so a test can show them all.
    `untagged_pages` (1-based) are pages known to come untagged (an uploaded appendix)."""
    pdf = pikepdf.Pdf.open(io.BytesIO(data))
    report = TagReport(pages=len(pdf.pages), elements=0)
    problems = report.problems
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        problems.append("no structure tree")
        return report
    if pdf.Root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append("not marked as tagged")
    page_ids = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
    parent_tree = dict(NumberTree(root.ParentTree).items())

    # Walk the tree from the root.
    document = root.K[0] if isinstance(root.K, Array) else root.K
    report.parts = [str(kid.S) for kid in document.K if isinstance(kid, Dictionary)]
    stack = [document]
    while stack:
        element = stack.pop()
        report.elements += 1
        role = str(element.S)
        report.roles[role] = report.roles.get(role, 0) + 1
        if "/Pg" in element and element.Pg.objgen not in page_ids:
            problems.append(f"{role} points at a page not in this PDF")
        kids = element.get("/K")
        kids = kids if isinstance(kids, Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.StructElem:
                if kid.get("/P") is None or kid.P.objgen != element.objgen:
                    problems.append(f"{kid.S} does not name its parent")
                stack.append(kid)
            elif (
                isinstance(kid, Dictionary)
                and kid.get("/Type") == Name.OBJR
                and kid.Obj.get("/StructParent") is None
            ):
                problems.append("an annotation in the tree has no StructParent")

    # Every MCID on every page maps back to an element on that page.
    for number, page in enumerate(pdf.pages, start=1):
        mcids, loose = _marked_ids(page, pdf, problems, number)
        if loose:
            report.untagged_text_pages.append(number)
        if number in untagged_pages:
            continue
        if not mcids:
            continue
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parent_tree:
            problems.append(f"page {number}: marked content but no parent tree entry")
            continue
        parents = parent_tree[int(key)]
        for mcid in mcids:
            if mcid >= len(parents) or not isinstance(parents[mcid], Dictionary):
                problems.append(f"page {number}: MCID {mcid} has no structure element")
                continue
            owner = parents[mcid]
            if "/Pg" in owner and page_ids.get(owner.Pg.objgen) != number:
                problems.append(f"page {number}: MCID {mcid} belongs to another page")
        for annotation in page.obj.get("/Annots", []):
            key = annotation.get("/StructParent")
            if key is not None and int(key) not in parent_tree:
                problems.append(f"page {number}: an annotation's StructParent is unknown")
    return report
