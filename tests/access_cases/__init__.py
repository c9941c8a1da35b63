"""Every module here holds CASES: the access rules of one area's views."""

import importlib
import pkgutil

ALL_CASES = []
for module in pkgutil.iter_modules(__path__):
    ALL_CASES += importlib.import_module(f"{__name__}.{module.name}").CASES
