"""Import the built-in classifier modules so that their ``@register`` decorators run.

The order here is the order of output columns and of report sections.
"""

from __future__ import annotations

import importlib

BUILTIN = ("sentiment", "register", "stance", "moderation", "reply_stance")

for _name in BUILTIN:
    importlib.import_module(f"{__package__}.{_name}")
