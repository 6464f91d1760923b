"""Thumbnails of uploaded images, made with Pillow, refusing what is not a plain image.

An upload is untrusted: its name may lie about its type, and a small file may claim billions of
pixels (a decompression bomb). Only PNG, JPEG, GIF and WebP are opened; the size in the header
is checked before any pixel is decoded; anything Pillow cannot read is refused, never raised.
"""

from __future__ import annotations

import io
import warnings
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# Far more than any photo or screenshot (a 48-megapixel camera), far less than a bomb.
MAX_PIXELS = 50_000_000
SIZE = (480, 480)


class Refused(Exception):
    """Not an image a thumbnail is made of; the message says why, for the record."""


def thumbnail(
    handle: IO[bytes], *, size: tuple[int, int] = SIZE, max_pixels: int = MAX_PIXELS
) -> tuple[bytes, str, int, int]:
    """A thumbnail that fits in `size`: (its bytes, its extension, width, height). PNG where
    the image has transparency, JPEG otherwise. Raises Refused."""
    with warnings.catch_warnings():
        # Pillow warns before it refuses; a warning is refusal enough here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(handle, formats=FORMATS) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise Refused("too many pixels")
                image.draft("RGB", size)  # JPEG: decode at a smaller scale, much faster
                small = ImageOps.exif_transpose(image)
                small.thumbnail(size)
                transparent = small.mode in ("RGBA", "LA", "PA") or (
                    small.mode == "P" and "transparency" in small.info
                )
                small = small.convert("RGBA" if transparent else "RGB")
                out = io.BytesIO()
                if transparent:
                    small.save(out, "PNG", optimize=True)
                else:
                    small.save(out, "JPEG", quality=82, optimize=True)
                return out.getvalue(), "png" if transparent else "jpg", small.width, small.height
        except Refused:
            raise
        except UnidentifiedImageError:
            raise Refused("not an image") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused("too many pixels") from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            # Truncated or corrupt data, an unsupported mode: Pillow's errors for bad files.
            raise Refused("unreadable") from error
