"""Demo pictures drawn with Pillow, so the demo needs no network."""

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _hex_to_rgb(color):
    value = color.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _blend(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def draw_cover(text, primary, accent, seed, size=(1600, 900)):
    """A gradient with soft shapes and a caption: a stand-in photo, as JPEG bytes."""
    width, height = size
    start, end = _hex_to_rgb(primary), _hex_to_rgb(accent)
    image = _gradient(size, start, end)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        tint = _blend(start, (255, 255, 255), rng.uniform(0.15, 0.35))
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=tint, width=rng.randint(6, 18))
    font = _font(height // 12)
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width * 0.8 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = height - (len(lines) + 1) * font.size * 1.25
    for text_line in lines:
        draw.text((width * 0.08, y), text_line, font=font, fill="white")
        y += font.size * 1.25
    return _jpeg(image)


def _gradient(size, start, end):
    """A left-to-right gradient from `start` to `end`: one row blended in C, stretched to the full height
    (ten times faster than a line per column)."""
    width = size[0]
    mask = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((width, 1))
    row = Image.composite(Image.new("RGB", (width, 1), end), Image.new("RGB", (width, 1), start), mask)
    return row.resize(size, Image.Resampling.NEAREST)


def draw_logo(initials, primary, size=256):
    """A rounded square in the brand colour with the brand's initials, as PNG bytes."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 5, fill=_hex_to_rgb(primary))
    font = _font(size // 2 if len(initials) < 3 else size // 3)
    draw.text((size / 2, size / 2), initials, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)  # no optimize: a slower encode for a few % smaller files
    return buffer.getvalue()
