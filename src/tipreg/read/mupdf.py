"""PyMuPDF, loaded without the optional extras it imports as it loads.

PyMuPDF 2 installs and, on import, loads `pymupdf_layout` (a layout analyser that builds an ONNX model)
and `pymupdf4llm` (Markdown conversion, which brings onnxruntime too): two seconds and 50 MB in every
process that reads files. tipreg reads the text layer and uses neither, so they are kept out while
PyMuPDF loads: a None entry in `sys.modules` makes their import fail, which PyMuPDF takes as "not
installed". The entries are removed afterwards, so other code can still import them on purpose.
"""

from __future__ import annotations

import sys

_EXTRAS = ("pymupdf.layout", "pymupdf4llm")
_refused = [name for name in _EXTRAS if name not in sys.modules]
sys.modules.update(dict.fromkeys(_refused))
try:
    import pymupdf
finally:
    for name in _refused:
        if sys.modules.get(name, False) is None:
            del sys.modules[name]

__all__ = ["pymupdf"]
