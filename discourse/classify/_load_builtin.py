"""Import the built-in classifier modules so that their ``@register`` decorators run.

Order here is the order of output columns and of report sections.
"""

from __future__ import annotations

import importlib
import importlib.util

BUILTIN = ("sentiment", "register", "stance", "moderation", "reply_stance")

for _name in BUILTIN:
    # TODO(foundation): while the classifier modules are being written in parallel, skip the
    # ones whose file does not exist yet; errors inside an existing module still propagate.
    if importlib.util.find_spec(f"{__package__}.{_name}") is not None:
        importlib.import_module(f"{__package__}.{_name}")
