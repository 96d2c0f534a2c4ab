"""PyMuPDF, loaded without its layout analyser.

PyMuPDF imports its optional layout analyser (the pymupdf_layout package, which PyMuPDF 2 always
installs) as it loads, and that builds an ONNX model: a second and 50 MB in every process that reads
files. tipreg reads the text layer and never asks for a layout analysis, so that import is refused: a
None entry in `sys.modules` makes `import pymupdf.layout` fail, which PyMuPDF takes as "not installed".
"""

from __future__ import annotations

import sys

sys.modules.setdefault("pymupdf.layout", None)
import pymupdf  # noqa: E402

__all__ = ["pymupdf"]
