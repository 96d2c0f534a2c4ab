"""Scanned pages saved as images (PNG, JPEG, multi-page TIFF): OCR'd like the scanned pages of a PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageSequence, UnidentifiedImageError

from tipreg.read.base import Extract, ReadOptions, Unreadable, join_pages
from tipreg.read.ocr import OCR_DPI, ocr_images, require_tesseract

_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class ImageReader:
    format: str = "image"
    suffixes: frozenset[str] = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})

    def sniff(self, data: bytes) -> bool:
        return data.startswith(_SIGNATURES)

    def read(self, data: bytes, options: ReadOptions) -> Extract:
        require_tesseract(options)
        try:
            with Image.open(io.BytesIO(data)) as image:
                texts = ocr_images(_frames_as_png(image), options, pages=getattr(image, "n_frames", 1))
        except UnidentifiedImageError as error:  # its message names a Python object, not the file
            raise Unreadable("damaged or truncated image: no image format could read it") from error
        except (OSError, Image.DecompressionBombError) as error:
            raise Unreadable(f"damaged or truncated image: {error}") from error
        text, pages = join_pages(texts)
        return Extract(text, pages=pages, ocr=True)


def _frames_as_png(image: Image.Image) -> Iterator[bytes]:
    """Each page of the image, as a PNG that keeps its resolution (Tesseract sizes the type from it)."""
    for frame in ImageSequence.Iterator(image):
        png = io.BytesIO()
        dpi = frame.info.get("dpi", (OCR_DPI, OCR_DPI))
        frame.convert("L").save(png, format="PNG", dpi=dpi)
        yield png.getvalue()
