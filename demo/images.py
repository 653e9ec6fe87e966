"""Demo pictures drawn with Pillow, so the demo needs no network and no photo licence.

Each picture shows what it stands for: building facades, floor plans, cars by body type, room interiors, partner
shopfronts and club evenings. None carries text (a caption belongs in the page, not baked into the pixels and
cut off by a card's crop): the photo drawers never call `ImageDraw.text`; only `draw_logo` writes initials.

Every drawer is deterministic (a seeded `random.Random`) and returns a `Picture`: JPEG bytes and a focal box
(x, y, width, height in pixels) around what matters, so Wagtail's `fill-` renditions crop around it.
Pictures are drawn at twice their size and halved (`Image.reduce`, a fast box filter) for smooth edges."""

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]
SUPERSAMPLE = 2
PHOTO_SIZE = (1200, 800)
HERO_SIZE = (1600, 900)
PLAN_SIZE = (1200, 900)


@dataclass(frozen=True)
class Picture:
    """A drawn picture: JPEG (or PNG) bytes, its size and the focal box (x, y, width, height)."""

    data: bytes
    size: tuple
    focal: tuple | None = None


# -- colours -----------------------------------------------------------------------------------------------------


def _hex_to_rgb(color):
    value = color.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _blend(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def _rgb(color):
    return _hex_to_rgb(color) if isinstance(color, str) else tuple(color)


def _lighter(color, share):
    return _blend(_rgb(color), (255, 255, 255), share)


def _darker(color, share):
    return _blend(_rgb(color), (0, 0, 0), share)


# -- canvas ------------------------------------------------------------------------------------------------------


class Canvas:
    """A supersampled drawing surface with coordinates in fractions of its width and height."""

    def __init__(self, size, top, bottom=None):
        self.size = size
        self.w, self.h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
        self.image = _vertical_gradient((self.w, self.h), _rgb(top), _rgb(bottom or top))
        self.draw = ImageDraw.Draw(self.image)
        self.unit = self.w / 1200  # line widths are given for a 1200 px wide picture

    def x(self, fraction):
        return fraction * self.w

    def y(self, fraction):
        return fraction * self.h

    def box(self, x0, y0, x1, y1):
        return [self.x(x0), self.y(y0), self.x(x1), self.y(y1)]

    def px(self, width):
        return max(1, round(width * self.unit))

    def rect(self, x0, y0, x1, y1, fill=None, outline=None, width=1, radius=0):
        box = self.box(x0, y0, x1, y1)
        if radius:
            self.draw.rounded_rectangle(box, radius=self.px(radius), fill=fill, outline=outline, width=self.px(width))
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=self.px(width))

    def poly(self, points, fill=None, outline=None, width=1):
        self.draw.polygon([(self.x(x), self.y(y)) for x, y in points], fill=fill, outline=outline, width=self.px(width))

    def line(self, points, fill, width=1):
        self.draw.line([(self.x(x), self.y(y)) for x, y in points], fill=fill, width=self.px(width))

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=1):
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline, width=self.px(width))

    def circle(self, cx, cy, radius, fill=None, outline=None, width=1):
        """A circle of `radius` in fractions of the width, round whatever the aspect ratio."""
        r = radius * self.w
        self.draw.ellipse(
            [self.x(cx) - r, self.y(cy) - r, self.x(cx) + r, self.y(cy) + r],
            fill=fill,
            outline=outline,
            width=self.px(width),
        )

    def arc(self, x0, y0, x1, y1, start, end, fill, width=1):
        self.draw.arc(self.box(x0, y0, x1, y1), start, end, fill=fill, width=self.px(width))

    def picture(self, focal=(0.5, 0.5, 0.5, 0.5)):
        """The JPEG of the picture at its final size; `focal` is (centre x, centre y, width, height) in fractions."""
        final = self.image.reduce(SUPERSAMPLE) if SUPERSAMPLE > 1 else self.image
        width, height = final.size
        cx, cy, fw, fh = focal
        box = (round((cx - fw / 2) * width), round((cy - fh / 2) * height), round(fw * width), round(fh * height))
        return Picture(_jpeg(final), final.size, box)


def _vertical_gradient(size, top, bottom):
    """A top-to-bottom gradient: one column blended in C, stretched to the full width."""
    height = size[1]
    mask = Image.linear_gradient("L").resize((1, height))
    column = Image.composite(Image.new("RGB", (1, height), bottom), Image.new("RGB", (1, height), top), mask)
    return column.resize(size, Image.Resampling.NEAREST)


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=84)  # no optimize: a slower encode for a few % smaller files
    return buffer.getvalue()


def _smooth(points, steps=6):
    """A closed Catmull-Rom curve through `points`: rounded car bodies from a few control points."""
    result = []
    count = len(points)
    for index in range(count):
        p0, p1, p2, p3 = (points[(index + offset) % count] for offset in (-1, 0, 1, 2))
        for step in range(steps):
            t = step / steps
            t2, t3 = t * t, t * t * t
            result.append(
                tuple(
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
                )
            )
    return result


# -- buildings ---------------------------------------------------------------------------------------------------

FACADE_COLOURS = ["#F1ECE4", "#E4DED3", "#C9B8A6", "#B5654A", "#D8DEE6", "#8F9AA8", "#EFE6D2"]
GLASS, GLASS_LIT, GLASS_SKY = (74, 104, 138), (255, 214, 140), (150, 190, 222)
GREENS = [(76, 140, 74), (58, 118, 66), (98, 158, 84), (46, 100, 60)]


def _sky(canvas_size, rng, evening=False):
    if evening:
        return Canvas(canvas_size, (32, 44, 84), (238, 150, 110))
    return Canvas(canvas_size, _blend((120, 170, 222), (90, 150, 210), rng.random()), (222, 236, 246))


def _clouds(canvas, rng, count=3):
    for _ in range(count):
        cx, cy, scale = rng.uniform(0.05, 0.95), rng.uniform(0.06, 0.25), rng.uniform(0.03, 0.06)
        for dx, dy, r in ((-1.2, 0.2, 0.7), (0, 0, 1), (1.1, 0.25, 0.75)):
            canvas.circle(cx + dx * scale, cy + dy * scale, r * scale * 0.9, fill=(250, 252, 255))


def _tree(canvas, x, ground, height, rng):
    trunk = height * 0.35
    canvas.rect(x - 0.004, ground - trunk, x + 0.004, ground, fill=(110, 84, 60))
    green = rng.choice(GREENS)
    radius = height * 0.32 * canvas.h / canvas.w
    for dx, dy in ((-0.6, 0.1), (0.6, 0.1), (0, -0.35), (0, 0.15)):
        canvas.circle(x + dx * radius, ground - trunk - height * 0.3 + dy * height * 0.4, radius, fill=green)


def _tower(canvas, x0, x1, top, ground, colour, rng, lit_share=0.08, panoramic=False):
    """A residential tower with a grid of windows and a lighter crown."""
    canvas.rect(x0, top, x1, ground, fill=colour)
    shade = _darker(colour, 0.12)
    canvas.rect(x1 - (x1 - x0) * 0.12, top, x1, ground, fill=shade)  # the side in shadow
    canvas.rect(x0 - 0.004, top - 0.012, x1 + 0.004, top, fill=_darker(colour, 0.25))
    columns = max(3, round((x1 - x0) / (0.028 if not panoramic else 0.05)))
    floor_height = 0.034 if not panoramic else 0.05
    floors = max(3, int((ground - top - 0.05) / floor_height))
    cell_w = (x1 - x0) * 0.86 / columns
    for floor in range(floors):
        y = top + 0.02 + floor * floor_height
        for column in range(columns):
            x = x0 + (x1 - x0) * 0.05 + column * cell_w
            lit = rng.random() < lit_share
            glass = GLASS_LIT if lit else _blend(GLASS, GLASS_SKY, rng.random() * 0.5)
            canvas.rect(x + cell_w * 0.15, y, x + cell_w * 0.85, y + floor_height * 0.62, fill=glass)
        if panoramic or floor % 2 == 0:
            canvas.line([(x0, y + floor_height * 0.8), (x1, y + floor_height * 0.8)], fill=shade, width=3)
    # the entrance
    door_x = (x0 + x1) / 2
    canvas.rect(door_x - 0.02, ground - 0.05, door_x + 0.02, ground, fill=(60, 70, 84))


def draw_facade(primary, accent, seed, variant="courtyard", size=PHOTO_SIZE):
    """Residential towers in a quarter: `variant` "courtyard" (a playground), "embankment" (water), "park"
    (trees), "panoramic" (a glass tower up close) or "skyline" (a wide hero view)."""
    rng = random.Random(f"facade-{seed}-{variant}")  # noqa: S311 - decoration, not security
    canvas = _sky(size, rng, evening=variant == "skyline" and rng.random() < 0.3)
    _clouds(canvas, rng, rng.randint(2, 4))
    ground = 0.8 if variant != "embankment" else 0.7
    # the city behind, pale
    x = 0.0
    while x < 1:
        width = rng.uniform(0.04, 0.09)
        canvas.rect(x, ground - rng.uniform(0.15, 0.35), x + width, ground, fill=(176, 194, 212))
        x += width + rng.uniform(0.0, 0.02)
    brand = _rgb(accent)
    count = {"panoramic": 1, "skyline": 5}.get(variant, rng.randint(2, 3))
    span = 0.86 / count
    for number in range(count):
        x0 = 0.07 + number * span + rng.uniform(0, span * 0.12)
        x1 = x0 + span * (0.7 if variant != "panoramic" else 0.9)
        top = rng.uniform(0.12, 0.3) if variant != "panoramic" else 0.06
        colour = _rgb(rng.choice(FACADE_COLOURS))
        if number == count // 2:
            colour = _lighter(brand, 0.55)  # one building in the brand's colour
        _tower(canvas, x0, x1, top, ground, colour, rng, panoramic=variant == "panoramic")
    # the ground
    canvas.rect(0, ground, 1, 1, fill=(196, 200, 204))
    canvas.rect(0, ground, 1, ground + 0.03, fill=(150, 156, 162))
    if variant == "embankment":
        canvas.rect(0, ground + 0.03, 1, 1, fill=(70, 120, 160))
        for row in range(8):
            y = ground + 0.06 + row * 0.03
            for _ in range(5):
                wx = rng.uniform(0, 0.95)
                canvas.line([(wx, y), (wx + rng.uniform(0.03, 0.08), y)], fill=(140, 180, 210), width=3)
        for tree_x in (0.08, 0.3, 0.55, 0.8):
            _tree(canvas, tree_x, ground + 0.02, 0.14, rng)
    else:
        canvas.rect(0, ground + 0.03, 1, 1, fill=(126, 172, 96))
        canvas.poly([(0.38, 1), (0.46, ground + 0.03), (0.54, ground + 0.03), (0.62, 1)], fill=(214, 206, 190))
        trees = 7 if variant == "park" else 3
        for number in range(trees):
            _tree(canvas, 0.04 + number * (0.92 / max(trees - 1, 1)), rng.uniform(0.9, 0.98), 0.18, rng)
        if variant == "courtyard":
            _playground(canvas, 0.68, 0.95, rng, accent)
    return canvas.picture((0.5, 0.45, 0.8, 0.8))


def _playground(canvas, x, ground, rng, accent):
    colour = _rgb(accent)
    canvas.line([(x, ground), (x + 0.03, ground - 0.12), (x + 0.06, ground)], fill=(90, 90, 100), width=6)
    canvas.line([(x + 0.03, ground - 0.12), (x + 0.14, ground - 0.12)], fill=(90, 90, 100), width=6)
    canvas.line([(x + 0.14, ground - 0.12), (x + 0.17, ground)], fill=(90, 90, 100), width=6)
    canvas.line([(x + 0.09, ground - 0.12), (x + 0.09, ground - 0.04)], fill=(60, 60, 60), width=2)
    canvas.rect(x + 0.075, ground - 0.045, x + 0.105, ground - 0.035, fill=colour)
    canvas.poly([(x + 0.2, ground - 0.1), (x + 0.22, ground - 0.1), (x + 0.3, ground), (x + 0.27, ground)], fill=colour)
    canvas.rect(x + 0.19, ground - 0.1, x + 0.2, ground, fill=(90, 90, 100))


# -- floor plans -------------------------------------------------------------------------------------------------

WALL = (43, 47, 54)
FLOORS = {"living": (236, 222, 196), "bed": (230, 216, 190), "kitchen": (226, 230, 232), "bath": (208, 224, 232)}
FLOORS["hall"] = (238, 236, 230)

# Layouts in fractions of the flat's outline: (x0, y0, x1, y1, kind, door side, door position along the side).
PLAN_LAYOUTS = {
    "studio": [
        (0, 0, 0.62, 1, "living", "e", 0.75),
        (0.62, 0, 1, 0.45, "bath", "s", 0.5),
        (0.62, 0.45, 1, 1, "hall", "w", 0.25),
    ],
    "small": [
        (0, 0, 0.45, 0.6, "bed", "e", 0.8),
        (0.45, 0, 1, 0.6, "living", "s", 0.2),
        (0, 0.6, 0.3, 1, "bath", "e", 0.3),
        (0.3, 0.6, 0.65, 1, "hall", "n", 0.5),
        (0.65, 0.6, 1, 1, "kitchen", "w", 0.3),
    ],
    "large": [
        (0, 0, 0.34, 0.55, "bed", "s", 0.7),
        (0.34, 0, 0.68, 0.55, "bed", "s", 0.3),
        (0.68, 0, 1, 0.55, "living", "s", 0.5),
        (0, 0.55, 0.25, 1, "bath", "e", 0.3),
        (0.25, 0.55, 0.6, 1, "hall", "n", 0.5),
        (0.6, 0.55, 1, 1, "kitchen", "w", 0.4),
    ],
}


def draw_plan(kind, seed, size=PLAN_SIZE):
    """A flat's floor plan: rooms with floors, walls, doors with their swing, windows and furniture outlines."""
    rng = random.Random(f"plan-{seed}-{kind}")  # noqa: S311
    canvas = Canvas(size, (252, 252, 250))
    aspect = canvas.w / canvas.h
    left, top, right, bottom = 0.1, 0.1, 0.9, 0.9

    def at(fx, fy):
        return left + fx * (right - left), top + fy * (bottom - top)

    rooms = PLAN_LAYOUTS[kind]
    for fx0, fy0, fx1, fy1, room, *_rest in rooms:
        x0, y0 = at(fx0, fy0)
        x1, y1 = at(fx1, fy1)
        canvas.rect(x0, y0, x1, y1, fill=FLOORS[room])
        if room in ("living", "bed"):  # parquet
            step = 0.025
            y = y0 + step
            while y < y1:
                canvas.line([(x0, y), (x1, y)], fill=_darker(FLOORS[room], 0.06), width=1)
                y += step
        elif room in ("bath", "kitchen"):  # tiles
            step = 0.03
            tx = x0 + step
            while tx < x1:
                canvas.line([(tx, y0), (tx, y1)], fill=_darker(FLOORS[room], 0.07), width=1)
                tx += step
            ty = y0 + step * aspect
            while ty < y1:
                canvas.line([(x0, ty), (x1, ty)], fill=_darker(FLOORS[room], 0.07), width=1)
                ty += step * aspect
        _furniture(canvas, room, x0, y0, x1, y1, rng)
    for fx0, fy0, fx1, fy1, _room, *_rest in rooms:
        x0, y0 = at(fx0, fy0)
        x1, y1 = at(fx1, fy1)
        canvas.rect(x0, y0, x1, y1, outline=WALL, width=7)
    canvas.rect(left, top, right, bottom, outline=WALL, width=16)
    for fx0, fy0, fx1, fy1, _room, side, position in rooms:
        x0, y0 = at(fx0, fy0)
        x1, y1 = at(fx1, fy1)
        _door(canvas, x0, y0, x1, y1, side, position, aspect)
    # windows on the outer walls (top and bottom of the outline)
    for fx0, fy0, fx1, fy1, room, *_rest in rooms:
        if room in ("hall", "bath"):
            continue
        x0, _y0 = at(fx0, fy0)
        x1, _y1 = at(fx1, fy1)
        middle, half = (x0 + x1) / 2, (x1 - x0) * 0.25
        edge = top if fy0 == 0 else bottom
        canvas.rect(middle - half, edge - 0.01, middle + half, edge + 0.01, fill=(255, 255, 255))
        canvas.line([(middle - half, edge), (middle + half, edge)], fill=(120, 170, 210), width=4)
    # the entrance door
    return canvas.picture((0.5, 0.5, 0.8, 0.8))


def _door(canvas, x0, y0, x1, y1, side, position, aspect):
    leaf = 0.05
    if side in ("n", "s"):
        y = y0 if side == "n" else y1
        x = x0 + (x1 - x0) * position
        canvas.rect(x - leaf / 2, y - 0.008, x + leaf / 2, y + 0.008, fill=(252, 252, 250))
        direction = 1 if side == "n" else -1
        swing = leaf * aspect
        canvas.line([(x - leaf / 2, y), (x - leaf / 2, y + direction * swing)], fill=WALL, width=3)
        box = (x - leaf * 1.5, y - swing, x + leaf / 2, y + swing)
        canvas.arc(*box, 270 if direction > 0 else 0, 360 if direction > 0 else 90, fill=(120, 124, 130), width=2)
    else:
        x = x0 if side == "w" else x1
        y = y0 + (y1 - y0) * position
        swing = leaf * aspect
        canvas.rect(x - 0.006, y - swing / 2, x + 0.006, y + swing / 2, fill=(252, 252, 250))
        direction = 1 if side == "w" else -1
        canvas.line([(x, y - swing / 2), (x + direction * leaf, y - swing / 2)], fill=WALL, width=3)
        box = (x - leaf, y - swing * 1.5, x + leaf, y + swing / 2)
        canvas.arc(*box, 0 if direction > 0 else 90, 90 if direction > 0 else 180, fill=(120, 124, 130), width=2)


def _furniture(canvas, room, x0, y0, x1, y1, rng):
    outline, fill = (96, 100, 108), (250, 250, 248)
    w, h = x1 - x0, y1 - y0
    style = {"fill": fill, "outline": outline, "width": 3}
    if room == "bed":
        canvas.rect(x0 + w * 0.2, y0 + h * 0.1, x0 + w * 0.75, y0 + h * 0.62, **style)
        canvas.rect(x0 + w * 0.24, y0 + h * 0.13, x0 + w * 0.45, y0 + h * 0.22, fill=fill, outline=outline, width=2)
        canvas.rect(x0 + w * 0.5, y0 + h * 0.13, x0 + w * 0.71, y0 + h * 0.22, fill=fill, outline=outline, width=2)
        canvas.rect(x0 + w * 0.75, y0 + h * 0.7, x0 + w * 0.95, y0 + h * 0.95, **style)
    elif room == "living":
        canvas.rect(x0 + w * 0.1, y0 + h * 0.55, x0 + w * 0.7, y0 + h * 0.72, **style, radius=6)
        canvas.rect(x0 + w * 0.25, y0 + h * 0.3, x0 + w * 0.55, y0 + h * 0.45, **style)
        plant = (160, 196, 150)
        canvas.ellipse(x0 + w * 0.72, y0 + h * 0.1, x0 + w * 0.9, y0 + h * 0.3, fill=plant, outline=outline, width=2)
    elif room == "kitchen":
        canvas.rect(x0 + w * 0.05, y0 + h * 0.05, x0 + w * 0.95, y0 + h * 0.22, **style)
        for number in range(4):
            cx = x0 + w * (0.55 + 0.08 * (number % 2))
            cy = y0 + h * (0.09 + 0.08 * (number // 2))
            canvas.ellipse(cx - 0.012, cy - 0.012, cx + 0.012, cy + 0.012, outline=outline, width=2)
        canvas.ellipse(x0 + w * 0.3, y0 + h * 0.45, x0 + w * 0.7, y0 + h * 0.85, **style)
    elif room == "bath":
        canvas.rect(x0 + w * 0.08, y0 + h * 0.06, x0 + w * 0.92, y0 + h * 0.4, **style, radius=10)
        canvas.ellipse(x0 + w * 0.55, y0 + h * 0.6, x0 + w * 0.85, y0 + h * 0.85, **style)


# -- cars --------------------------------------------------------------------------------------------------------

# Side profiles, x from the front bumper (0) to the rear (1), y from the ground (0) up, as control points of a
# smooth outline; each body also gives its greenhouse (windows) and its wheel positions.
CAR_BODIES = {
    "sedan": {
        "outline": [
            (0.0, 0.2),
            (0.02, 0.3),
            (0.2, 0.36),
            (0.33, 0.42),
            (0.45, 0.58),
            (0.66, 0.58),
            (0.8, 0.44),
            (0.98, 0.4),
            (1.0, 0.3),
            (0.98, 0.15),
            (0.02, 0.13),
        ],
        "glass": [(0.36, 0.42), (0.46, 0.555), (0.65, 0.555), (0.77, 0.43)],
        "height": 0.36,
        "wheels": (0.18, 0.8),
    },
    "liftback": {
        "outline": [
            (0.0, 0.2),
            (0.02, 0.3),
            (0.2, 0.36),
            (0.33, 0.43),
            (0.45, 0.58),
            (0.62, 0.57),
            (0.9, 0.42),
            (1.0, 0.36),
            (1.0, 0.2),
            (0.98, 0.14),
            (0.02, 0.13),
        ],
        "glass": [(0.36, 0.43), (0.46, 0.555), (0.62, 0.55), (0.84, 0.43)],
        "height": 0.36,
        "wheels": (0.18, 0.8),
    },
    "crossover": {
        "outline": [
            (0.0, 0.24),
            (0.02, 0.38),
            (0.2, 0.45),
            (0.32, 0.5),
            (0.42, 0.66),
            (0.8, 0.65),
            (0.96, 0.56),
            (1.0, 0.4),
            (0.99, 0.18),
            (0.02, 0.16),
        ],
        "glass": [(0.34, 0.5), (0.43, 0.63), (0.79, 0.62), (0.9, 0.5)],
        "height": 0.42,
        "wheels": (0.18, 0.8),
    },
    "suv": {
        "outline": [
            (0.0, 0.26),
            (0.01, 0.44),
            (0.18, 0.5),
            (0.3, 0.54),
            (0.38, 0.72),
            (0.95, 0.72),
            (0.99, 0.62),
            (1.0, 0.22),
            (0.98, 0.17),
            (0.02, 0.17),
        ],
        "glass": [(0.32, 0.54), (0.39, 0.69), (0.93, 0.69), (0.96, 0.54)],
        "height": 0.46,
        "wheels": (0.17, 0.8),
    },
    "hatchback": {
        "outline": [
            (0.0, 0.22),
            (0.02, 0.34),
            (0.22, 0.42),
            (0.34, 0.47),
            (0.46, 0.62),
            (0.82, 0.61),
            (0.97, 0.5),
            (1.0, 0.3),
            (0.99, 0.16),
            (0.02, 0.14),
        ],
        "glass": [(0.36, 0.47), (0.47, 0.59), (0.81, 0.585), (0.93, 0.48)],
        "height": 0.4,
        "wheels": (0.19, 0.8),
    },
}
CAR_PAINT = {"light": (226, 229, 233), "dark": (40, 44, 52), "red": (176, 36, 30), "blue": (30, 78, 146)}


def draw_car(body, paint, seed, size=PHOTO_SIZE):
    """A car of `body` ("sedan", "liftback", "crossover", "suv", "hatchback") from the side, in a studio."""
    rng = random.Random(f"car-{seed}-{body}-{paint}")  # noqa: S311
    spec = CAR_BODIES[body]
    colour = CAR_PAINT.get(paint, _rgb(paint) if isinstance(paint, str) and paint.startswith("#") else (120, 120, 120))
    canvas = Canvas(size, (236, 238, 241), (200, 204, 210))
    floor = 0.74
    canvas.rect(0, floor, 1, 1, fill=(186, 190, 196))
    canvas.line([(0, floor), (1, floor)], fill=(170, 174, 180), width=2)
    left, length = 0.1, 0.8
    aspect = canvas.w / canvas.h
    scale_y = length * aspect * 0.55  # the profile's height unit, in fractions of the picture's height

    def at(x, y):
        return left + x * length, floor - y * scale_y

    canvas.ellipse(left - 0.01, floor - 0.03, left + length + 0.01, floor + 0.04, fill=(150, 154, 160))
    outline = [at(x, y) for x, y in _smooth(spec["outline"], 5)]
    canvas.poly(outline, fill=colour, outline=_darker(colour, 0.3), width=3)  # a white car stays visible
    # a lighter band along the shoulder, a darker sill: the body looks round
    shoulder = spec["glass"][0][1] - 0.02
    canvas.poly(
        [at(0.04, shoulder - 0.08), at(0.97, shoulder - 0.08), at(0.97, shoulder - 0.12), at(0.04, shoulder - 0.12)],
        fill=_lighter(colour, 0.18),
    )
    canvas.poly([at(0.12, 0.16), at(0.9, 0.16), at(0.9, 0.2), at(0.12, 0.2)], fill=_darker(colour, 0.25))
    glass = [at(x, y) for x, y in spec["glass"]]
    canvas.poly(glass, fill=(52, 66, 82))
    # the pillar between the doors and a reflection on the glass
    pillar = (spec["glass"][0][0] + spec["glass"][3][0]) / 2
    canvas.poly(
        [at(pillar - 0.012, spec["glass"][0][1]), at(pillar - 0.012, spec["glass"][1][1]),
         at(pillar + 0.012, spec["glass"][1][1]), at(pillar + 0.012, spec["glass"][0][1])],
        fill=_darker(colour, 0.2) if paint != "dark" else (30, 32, 36),
    )  # fmt: skip
    gx0, gy0 = spec["glass"][1]
    canvas.poly([at(gx0 + 0.03, gy0 - 0.01), at(gx0 + 0.08, gy0 - 0.01), at(gx0 + 0.02, spec["glass"][0][1] + 0.01),
                 at(gx0 - 0.03, spec["glass"][0][1] + 0.01)], fill=(96, 114, 134))  # fmt: skip
    # door lines and handles
    for door_x in (pillar - 0.18, pillar, pillar + 0.17):
        if 0.25 < door_x < 0.85:
            canvas.line([at(door_x, 0.2), at(door_x, shoulder)], fill=_darker(colour, 0.35), width=2)
    for handle_x in (pillar - 0.1, pillar + 0.08):
        handle = [at(handle_x, shoulder - 0.05), at(handle_x + 0.04, shoulder - 0.05)]
        canvas.line(handle, fill=_darker(colour, 0.4), width=5)
    # lights
    canvas.poly([at(0.005, 0.3), at(0.06, 0.33), at(0.07, 0.29), at(0.01, 0.26)], fill=(248, 246, 226))
    canvas.poly([at(0.985, 0.33), at(0.94, 0.35), at(0.94, 0.3), at(0.99, 0.29)], fill=(200, 30, 30))
    # wheels
    radius = 0.085 * length
    for wheel in spec["wheels"]:
        cx, cy = at(wheel, 0.0)
        cy -= radius * aspect * 0.98
        canvas.circle(cx, cy, radius * 1.12, fill=_darker(colour, 0.55))  # the arch
        canvas.circle(cx, cy, radius, fill=(28, 30, 34))
        canvas.circle(cx, cy, radius * 0.62, fill=(170, 176, 184))
        canvas.circle(cx, cy, radius * 0.5, fill=(120, 126, 134))
        for spoke in range(5):
            angle = spoke * 2 * math.pi / 5 + rng.random() * 0.2
            end = (cx + math.cos(angle) * radius * 0.55, cy + math.sin(angle) * radius * 0.55 * aspect)
            canvas.line([(cx, cy), end], fill=(196, 200, 206), width=10)
        canvas.circle(cx, cy, radius * 0.12, fill=(80, 84, 90))
    return canvas.picture((0.5, 0.55, 0.86, 0.6))


def draw_car_detail(kind, seed, size=PHOTO_SIZE):
    """A detail of a car: "interior" (front seats), "dashboard", "trunk" or "wheels"."""
    rng = random.Random(f"car-detail-{seed}-{kind}")  # noqa: S311
    if kind == "wheels":
        canvas = Canvas(size, (214, 218, 224), (150, 154, 160))
        canvas.rect(0, 0.82, 1, 1, fill=(90, 92, 96))
        for cx, radius in ((0.3, 0.2), (0.78, 0.15)):
            cy = 0.82 - radius * canvas.w / canvas.h
            canvas.circle(cx, cy, radius, fill=(26, 28, 32))
            canvas.circle(cx, cy, radius * 0.66, fill=(186, 190, 198))
            canvas.circle(cx, cy, radius * 0.54, fill=(110, 116, 124))
            for spoke in range(10):
                angle = spoke * math.pi / 5
                end = (
                    cx + math.cos(angle) * radius * 0.6,
                    cy + math.sin(angle) * radius * 0.6 * canvas.w / canvas.h,
                )
                canvas.line([(cx, cy), end], fill=(214, 218, 224), width=14)
            canvas.circle(cx, cy, radius * 0.14, fill=(70, 74, 80))
            canvas.circle(cx, cy, radius * 0.3, outline=(176, 40, 36), width=8)  # the brake calliper
        return canvas.picture((0.45, 0.55, 0.8, 0.7))
    if kind == "trunk":
        canvas = Canvas(size, (230, 232, 236), (190, 194, 200))
        canvas.rect(0.12, 0.2, 0.88, 0.86, fill=(60, 64, 72), radius=30)
        canvas.rect(0.18, 0.3, 0.82, 0.78, fill=(34, 36, 42), radius=12)
        for x0, y0, x1, colour in ((0.22, 0.5, 0.46, (120, 92, 64)), (0.48, 0.42, 0.64, (72, 96, 132)),
                                   (0.66, 0.56, 0.78, (150, 60, 50))):  # fmt: skip
            canvas.rect(x0, y0, x1, 0.78, fill=colour, radius=8)
            canvas.rect((x0 + x1) / 2 - 0.03, y0 - 0.03, (x0 + x1) / 2 + 0.03, y0, outline=(30, 30, 30), width=5)
        canvas.rect(0.12, 0.12, 0.88, 0.2, fill=(70, 74, 82), radius=16)
        return canvas.picture((0.5, 0.55, 0.7, 0.6))
    canvas = Canvas(size, (58, 62, 70), (30, 32, 38))
    trim = rng.choice([(196, 168, 132), (60, 62, 68), (150, 40, 36)])
    # the windscreen with the road ahead
    canvas.poly([(0.05, 0.05), (0.95, 0.05), (0.88, 0.42), (0.12, 0.42)], fill=(160, 196, 226))
    canvas.poly([(0.12, 0.42), (0.88, 0.42), (0.6, 0.3), (0.4, 0.3)], fill=(120, 124, 130))
    canvas.rect(0.05, 0.3, 0.95, 0.32, fill=(120, 160, 110))
    canvas.poly([(0.0, 0.4), (1.0, 0.4), (1.0, 0.62), (0.0, 0.62)], fill=(34, 36, 40))  # the dashboard
    if kind == "dashboard":
        cx, cy = 0.36, 0.66
        canvas.ellipse(0.26, 0.44, 0.46, 0.62, fill=(16, 18, 22))
        for gx in (0.31, 0.41):
            canvas.circle(gx, 0.53, 0.035, fill=(10, 12, 14), outline=(200, 210, 220), width=3)
            canvas.line([(gx, 0.53), (gx + 0.02, 0.49)], fill=(230, 90, 60), width=4)
        canvas.rect(0.54, 0.44, 0.72, 0.58, fill=(30, 70, 110), radius=10)
        canvas.rect(0.56, 0.47, 0.7, 0.5, fill=(90, 150, 200))
        canvas.rect(0.56, 0.52, 0.64, 0.55, fill=(70, 120, 170))
        canvas.circle(cx, cy + 0.08, 0.15, outline=(20, 22, 26), width=34)
        canvas.circle(cx, cy + 0.08, 0.03, fill=(20, 22, 26))
        canvas.rect(0.5, 0.62, 0.8, 1.0, fill=(46, 48, 54))
        return canvas.picture((0.45, 0.55, 0.7, 0.7))
    # interior: the two front seats from behind, the console between them
    canvas.rect(0.4, 0.6, 0.6, 1.0, fill=(46, 48, 54))
    for x0 in (0.08, 0.6):
        canvas.rect(x0, 0.5, x0 + 0.32, 1.05, fill=trim, radius=40)
        canvas.rect(x0 + 0.09, 0.38, x0 + 0.23, 0.5, fill=_darker(trim, 0.1), radius=24)
        for stitch in range(3):
            sx = x0 + 0.08 + stitch * 0.08
            canvas.line([(sx, 0.58), (sx, 1.0)], fill=_darker(trim, 0.25), width=3)
    canvas.circle(0.24, 0.47, 0.07, outline=(18, 20, 24), width=18)
    return canvas.picture((0.5, 0.6, 0.8, 0.7))


# -- rooms -------------------------------------------------------------------------------------------------------

WALL_COLOURS = ["#EDE7DD", "#E3E8E4", "#E8E1EA", "#F2ECE1", "#DDE6EE"]


class Room:
    """A room in one-point perspective: the back wall is a rectangle, the floor and walls run to the viewer."""

    def __init__(self, canvas, rng, wall=None, floor=(184, 142, 100)):
        self.canvas, self.rng = canvas, rng
        self.bx0, self.by0, self.bx1, self.by1 = 0.2, 0.16, 0.8, 0.64
        wall = _rgb(wall or rng.choice(WALL_COLOURS))
        c = canvas
        c.poly([(0, 0), (1, 0), (self.bx1, self.by0), (self.bx0, self.by0)], fill=_lighter(wall, 0.4))  # ceiling
        c.poly([(0, 0), (self.bx0, self.by0), (self.bx0, self.by1), (0, 1)], fill=_darker(wall, 0.08))
        c.poly([(1, 0), (1, 1), (self.bx1, self.by1), (self.bx1, self.by0)], fill=_darker(wall, 0.12))
        c.rect(self.bx0, self.by0, self.bx1, self.by1, fill=wall)
        c.poly([(self.bx0, self.by1), (self.bx1, self.by1), (1, 1), (0, 1)], fill=floor)
        for number in range(1, 12):  # floorboards converging on the vanishing point
            share = number / 12
            board = [(self.bx0 + (self.bx1 - self.bx0) * share, self.by1), (share, 1)]
            c.line(board, fill=_darker(floor, 0.12), width=2)
        c.line([(self.bx0, self.by1), (self.bx1, self.by1)], fill=_darker(wall, 0.3), width=3)

    def window(self, x0, x1, y0=0.22, y1=0.5, sky=(168, 204, 232), city=True):
        c = self.canvas
        c.rect(x0 - 0.01, y0 - 0.015, x1 + 0.01, y1 + 0.015, fill=(250, 250, 250))
        c.rect(x0, y0, x1, y1, fill=sky)
        if city:
            x = x0
            while x < x1 - 0.01:
                width = self.rng.uniform(0.02, 0.05)
                top = y1 - self.rng.uniform(0.05, 0.14) * (y1 - y0) / 0.28
                c.rect(x, top, min(x + width, x1), y1, fill=(120, 146, 176))
                x += width + 0.005
        c.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], fill=(250, 250, 250), width=6)

    def plant(self, x, y):
        c = self.canvas
        c.rect(x - 0.02, y - 0.06, x + 0.02, y, fill=(170, 110, 80))
        for dx, dy in ((-0.02, -0.1), (0.02, -0.11), (0, -0.14), (-0.03, -0.13), (0.03, -0.08)):
            c.ellipse(x + dx - 0.02, y + dy - 0.03, x + dx + 0.02, y + dy + 0.03, fill=self.rng.choice(GREENS))

    def frame(self, x0, y0, x1, y1, accent):
        c = self.canvas
        c.rect(x0, y0, x1, y1, fill=(60, 56, 52))
        c.rect(x0 + 0.006, y0 + 0.01, x1 - 0.006, y1 - 0.01, fill=_lighter(accent, 0.6))
        c.circle((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 0.22, fill=_rgb(accent))

    def lamp(self, x):
        c = self.canvas
        c.line([(x, 0), (x, 0.1)], fill=(60, 60, 60), width=2)
        c.poly([(x - 0.03, 0.14), (x + 0.03, 0.14), (x + 0.015, 0.1), (x - 0.015, 0.1)], fill=(250, 220, 150))


def draw_room(kind, seed, accent="#2E7D5B", size=PHOTO_SIZE):
    """An interior: "living", "bedroom", "kitchen", "bathroom", "hostel", "lobby" or "view" (a window on the
    city at dusk); "house" and "terrace" are outside."""
    rng = random.Random(f"room-{seed}-{kind}")  # noqa: S311
    if kind == "house":
        return _draw_house(rng, accent, size)
    if kind == "terrace":
        return _draw_terrace(rng, accent, size)
    canvas = Canvas(size, (255, 255, 255))
    accent_rgb = _rgb(accent)
    floor = (184, 142, 100) if kind not in ("bathroom", "lobby") else (206, 208, 210)
    room = Room(canvas, rng, floor=floor)
    c = canvas
    if kind == "living":
        room.window(0.26, 0.5)
        room.frame(0.58, 0.24, 0.72, 0.38, accent)
        c.poly([(0.22, 0.72), (0.78, 0.72), (0.86, 0.9), (0.14, 0.9)], fill=_lighter(accent_rgb, 0.5))  # rug
        c.rect(0.28, 0.5, 0.72, 0.62, fill=_darker(accent_rgb, 0.1), radius=14)  # the sofa's back
        c.rect(0.25, 0.58, 0.75, 0.7, fill=accent_rgb, radius=14)
        c.rect(0.23, 0.54, 0.29, 0.7, fill=_darker(accent_rgb, 0.2), radius=10)
        c.rect(0.71, 0.54, 0.77, 0.7, fill=_darker(accent_rgb, 0.2), radius=10)
        for cushion in (0.33, 0.6):
            c.rect(cushion, 0.53, cushion + 0.08, 0.6, fill=_lighter(accent_rgb, 0.35), radius=8)
        c.rect(0.38, 0.76, 0.62, 0.79, fill=(120, 86, 60))
        c.rect(0.4, 0.79, 0.42, 0.86, fill=(90, 64, 44))
        c.rect(0.58, 0.79, 0.6, 0.86, fill=(90, 64, 44))
        room.plant(0.84, 0.8)
        room.lamp(0.5)
    elif kind == "bedroom":
        room.window(0.62, 0.76)
        room.frame(0.36, 0.22, 0.56, 0.34, accent)
        c.rect(0.3, 0.38, 0.62, 0.56, fill=_darker(accent_rgb, 0.15), radius=10)  # headboard
        c.poly([(0.3, 0.56), (0.62, 0.56), (0.72, 0.86), (0.2, 0.86)], fill=(246, 246, 244))
        c.poly([(0.24, 0.72), (0.68, 0.72), (0.72, 0.86), (0.2, 0.86)], fill=_lighter(accent_rgb, 0.3))  # blanket
        c.rect(0.33, 0.5, 0.45, 0.58, fill=(255, 255, 255), radius=8)
        c.rect(0.47, 0.5, 0.59, 0.58, fill=(255, 255, 255), radius=8)
        for x in (0.22, 0.64):
            c.rect(x, 0.56, x + 0.07, 0.66, fill=(150, 110, 80))
            c.poly([(x + 0.015, 0.5), (x + 0.055, 0.5), (x + 0.045, 0.46), (x + 0.025, 0.46)], fill=(250, 226, 160))
    elif kind == "kitchen":
        room.window(0.42, 0.58, y0=0.2, y1=0.38)
        c.rect(0.2, 0.18, 0.4, 0.34, fill=_lighter(accent_rgb, 0.2))  # upper cabinets
        c.rect(0.6, 0.18, 0.8, 0.34, fill=_lighter(accent_rgb, 0.2))
        for x in (0.25, 0.3, 0.35, 0.65, 0.7, 0.75):
            c.line([(x, 0.18), (x, 0.34)], fill=_darker(accent_rgb, 0.1), width=2)
        c.rect(0.2, 0.46, 0.8, 0.64, fill=accent_rgb)  # lower cabinets
        c.rect(0.2, 0.44, 0.8, 0.47, fill=(230, 230, 226))  # worktop
        for x in (0.3, 0.4, 0.5, 0.6, 0.7):
            c.line([(x, 0.47), (x, 0.64)], fill=_darker(accent_rgb, 0.2), width=2)
        c.rect(0.62, 0.43, 0.7, 0.445, fill=(40, 40, 40))  # the hob
        c.rect(0.82, 0.2, 0.93, 0.78, fill=(214, 218, 222))  # the fridge, on the right wall
        c.line([(0.82, 0.42), (0.93, 0.42)], fill=(170, 174, 180), width=3)
        c.ellipse(0.34, 0.74, 0.66, 0.84, fill=(196, 160, 120))  # the table
        c.rect(0.49, 0.79, 0.51, 0.95, fill=(120, 90, 60))
        for x in (0.28, 0.68):
            c.rect(x, 0.7, x + 0.05, 0.9, fill=_darker(accent_rgb, 0.2), radius=6)
    elif kind == "bathroom":
        for number in range(1, 10):
            y = 0.16 + number * 0.048
            c.line([(0.2, y), (0.8, y)], fill=(200, 212, 220), width=2)
        c.rect(0.22, 0.48, 0.6, 0.64, fill=(250, 250, 250), radius=20)  # the bathtub
        c.rect(0.24, 0.5, 0.58, 0.56, fill=(190, 220, 236), radius=14)
        c.rect(0.66, 0.22, 0.76, 0.38, fill=(200, 224, 236), outline=(150, 150, 150), width=3)  # mirror
        c.rect(0.64, 0.46, 0.78, 0.5, fill=(250, 250, 250), radius=8)  # sink
        c.rect(0.68, 0.5, 0.74, 0.62, fill=(240, 240, 240))
        c.rect(0.3, 0.26, 0.36, 0.42, fill=accent_rgb)  # towel
    elif kind == "hostel":
        room.window(0.44, 0.56)
        for x0 in (0.1, 0.6):
            c.rect(x0, 0.3, x0 + 0.02, 0.86, fill=(90, 90, 96))
            c.rect(x0 + 0.28, 0.3, x0 + 0.3, 0.86, fill=(90, 90, 96))
            for y in (0.42, 0.74):
                c.rect(x0, y, x0 + 0.3, y + 0.06, fill=(246, 246, 244))
                c.rect(x0 + 0.02, y + 0.02, x0 + 0.28, y + 0.06, fill=_lighter(accent_rgb, 0.3))
                c.rect(x0 + 0.03, y - 0.03, x0 + 0.1, y + 0.01, fill=(255, 255, 255), radius=6)
    elif kind == "lobby":
        c.rect(0.3, 0.2, 0.7, 0.42, fill=_lighter(accent_rgb, 0.55))  # a panel behind the desk
        c.rect(0.32, 0.48, 0.68, 0.64, fill=_darker(accent_rgb, 0.3), radius=8)
        c.rect(0.3, 0.46, 0.7, 0.49, fill=(236, 232, 224))
        for x in (0.35, 0.5, 0.65):
            room.lamp(x)
        room.plant(0.14, 0.86)
        room.plant(0.86, 0.86)
        c.rect(0.12, 0.66, 0.2, 0.72, fill=(60, 60, 66), radius=8)
        c.rect(0.8, 0.66, 0.88, 0.72, fill=(60, 60, 66), radius=8)
    else:  # view: the whole back wall is a window on the city at dusk
        c.rect(room.bx0, room.by0, room.bx1, room.by1, fill=(40, 54, 96))
        for band, colour in enumerate([(52, 66, 120), (96, 90, 150), (210, 130, 120), (246, 190, 130)]):
            y0 = room.by0 + band * 0.07
            c.rect(room.bx0, y0, room.bx1, y0 + 0.07, fill=colour)
        x = room.bx0
        while x < room.bx1:
            width = rng.uniform(0.02, 0.045)
            top = rng.uniform(0.36, 0.54)
            c.rect(x, top, min(x + width, room.bx1), room.by1, fill=(28, 34, 58))
            for wy in range(int((room.by1 - top) / 0.025)):
                if rng.random() < 0.35:
                    c.rect(x + 0.005, top + 0.01 + wy * 0.025, x + 0.012, top + 0.02 + wy * 0.025, fill=GLASS_LIT)
            x += width + 0.004
        # a tower with a golden sphere: Astana's skyline
        c.rect(0.49, 0.3, 0.51, room.by1, fill=(236, 236, 236))
        c.circle(0.5, 0.29, 0.022, fill=(232, 176, 60))
        for x in (0.35, 0.5, 0.65):
            c.line([(x, room.by0), (x, room.by1)], fill=(240, 240, 240), width=5)
        c.rect(0.3, 0.72, 0.7, 0.86, fill=accent_rgb, radius=14)  # a sofa facing the window
        c.rect(0.28, 0.68, 0.72, 0.74, fill=_darker(accent_rgb, 0.15), radius=12)
    return canvas.picture((0.5, 0.55, 0.7, 0.7))


def _draw_house(rng, accent, size):
    canvas = _sky(size, rng)
    _clouds(canvas, rng, 2)
    c = canvas
    c.rect(0, 0.72, 1, 1, fill=(118, 168, 92))
    wall = _rgb(rng.choice(["#EFE6D2", "#E4DED3", "#D8C3A5"]))
    c.rect(0.25, 0.4, 0.75, 0.8, fill=wall)
    c.poly([(0.2, 0.42), (0.5, 0.14), (0.8, 0.42)], fill=_darker(accent, 0.2))
    c.rect(0.45, 0.58, 0.55, 0.8, fill=(110, 80, 56))
    for x in (0.3, 0.61):
        c.rect(x, 0.5, x + 0.09, 0.64, fill=GLASS_SKY, outline=(250, 250, 250), width=6)
    c.rect(0.62, 0.2, 0.66, 0.3, fill=(140, 90, 70))  # chimney
    for x in range(20):  # a fence
        fx = x * 0.05
        if 0.2 < fx < 0.8:
            continue
        c.rect(fx + 0.01, 0.72, fx + 0.03, 0.84, fill=(236, 230, 220))
    c.line([(0, 0.76), (0.21, 0.76)], fill=(236, 230, 220), width=6)
    c.line([(0.8, 0.76), (1, 0.76)], fill=(236, 230, 220), width=6)
    c.poly([(0.45, 0.8), (0.55, 0.8), (0.62, 1), (0.38, 1)], fill=(210, 200, 184))
    _tree(c, 0.1, 0.9, 0.3, rng)
    _tree(c, 0.9, 0.92, 0.28, rng)
    return c.picture((0.5, 0.5, 0.7, 0.75))


def _draw_terrace(rng, accent, size):
    canvas = _sky(size, rng)
    _clouds(canvas, rng, 3)
    c = canvas
    c.rect(0, 0.5, 1, 0.62, fill=(120, 160, 100))
    for number in range(8):
        _tree(c, 0.05 + number * 0.13, 0.58, 0.16, rng)
    c.poly([(0, 0.62), (1, 0.62), (1, 1), (0, 1)], fill=(176, 130, 90))
    for number in range(1, 10):
        y = 0.62 + number * 0.042
        c.line([(0, y), (1, y)], fill=(146, 104, 70), width=3)
    for number in range(13):  # the railing
        x = number * 0.08 + 0.02
        c.rect(x, 0.5, x + 0.012, 0.66, fill=(236, 232, 224))
    c.rect(0, 0.49, 1, 0.515, fill=(236, 232, 224))
    c.rect(0.14, 0.64, 0.26, 0.68, fill=(50, 50, 54))  # the grill
    c.rect(0.15, 0.68, 0.17, 0.82, fill=(50, 50, 54))
    c.rect(0.23, 0.68, 0.25, 0.82, fill=(50, 50, 54))
    c.ellipse(0.44, 0.7, 0.74, 0.78, fill=(236, 232, 224))  # a table and chairs
    c.rect(0.58, 0.74, 0.6, 0.9, fill=(200, 196, 188))
    for x in (0.36, 0.78):
        c.rect(x, 0.66, x + 0.07, 0.9, fill=_rgb(accent), radius=10)
    return c.picture((0.5, 0.65, 0.8, 0.6))


# -- the club --------------------------------------------------------------------------------------------------

STOREFRONT_GOODS = {
    "kosmetologiya": "bottles",
    "gastromarket": "produce",
    "stomatologiya": "clinic",
    "salon-krasoty": "salon",
    "meditsinskiy-tsentr": "clinic",
}


def draw_storefront(colour, goods, seed, size=PHOTO_SIZE):
    """A partner's shopfront: an awning in its colour, a shop window showing `goods` ("bottles", "produce",
    "clinic", "salon"), a door and planters; the sign board is left blank."""
    rng = random.Random(f"shop-{seed}-{goods}")  # noqa: S311
    colour = _rgb(colour)
    c = Canvas(size, (236, 232, 226), (214, 208, 200))
    c.rect(0, 0.86, 1, 1, fill=(176, 172, 168))
    c.rect(0.06, 0.12, 0.94, 0.86, fill=_lighter(colour, 0.82))
    c.rect(0.2, 0.15, 0.8, 0.24, fill=colour, radius=8)  # the blank sign board
    c.circle(0.26, 0.195, 0.018, fill=_lighter(colour, 0.7))
    stripes = 12
    for number in range(stripes):  # the awning
        x0 = 0.06 + number * 0.88 / stripes
        x1 = x0 + 0.88 / stripes
        fill = colour if number % 2 == 0 else (250, 248, 244)
        c.poly([(x0, 0.27), (x1, 0.27), (x1 + 0.005, 0.36), (x0 - 0.005, 0.36)], fill=fill)
        c.ellipse(x0 - 0.005, 0.33, x1 + 0.005, 0.39, fill=fill)
    # the window
    c.rect(0.1, 0.42, 0.62, 0.8, fill=(196, 218, 230))
    c.rect(0.1, 0.42, 0.62, 0.8, outline=_darker(colour, 0.3), width=8)
    if goods == "produce":
        for shelf in (0.56, 0.68, 0.8):
            c.rect(0.12, shelf - 0.01, 0.6, shelf, fill=(150, 110, 80))
            x = 0.14
            while x < 0.58:
                fruit = rng.choice([(214, 60, 40), (240, 170, 40), (110, 170, 60), (150, 60, 120)])
                c.circle(x, shelf - 0.035, 0.014, fill=fruit)
                x += 0.03
    elif goods == "bottles":
        for shelf in (0.6, 0.78):
            c.rect(0.12, shelf - 0.008, 0.6, shelf, fill=(240, 240, 240))
            x = 0.15
            while x < 0.57:
                height = rng.uniform(0.06, 0.11)
                tint = rng.choice([colour, _lighter(colour, 0.5), (236, 220, 200), (250, 250, 250)])
                c.rect(x, shelf - 0.008 - height, x + 0.03, shelf - 0.008, fill=tint, radius=6)
                c.rect(x + 0.01, shelf - 0.025 - height, x + 0.02, shelf - 0.008 - height, fill=(60, 60, 60))
                x += 0.05
    elif goods == "salon":
        for x in (0.17, 0.39):
            c.ellipse(x, 0.46, x + 0.14, 0.64, fill=(226, 238, 244), outline=(220, 190, 120), width=6)
            c.rect(x + 0.03, 0.66, x + 0.11, 0.74, fill=colour, radius=10)
            c.rect(x + 0.065, 0.74, x + 0.075, 0.8, fill=(60, 60, 60))
    else:  # clinic: a chair under a lamp and a cross on the glass
        c.rect(0.2, 0.64, 0.44, 0.7, fill=_lighter(colour, 0.3), radius=14)
        c.poly([(0.44, 0.66), (0.52, 0.52), (0.55, 0.54), (0.47, 0.7)], fill=_lighter(colour, 0.3))
        c.rect(0.3, 0.7, 0.33, 0.8, fill=(120, 120, 126))
        c.line([(0.3, 0.44), (0.36, 0.54)], fill=(120, 120, 126), width=5)
        c.ellipse(0.33, 0.52, 0.41, 0.57, fill=(250, 240, 200))
        c.rect(0.51, 0.45, 0.53, 0.53, fill=(210, 40, 40))
        c.rect(0.48, 0.48, 0.56, 0.5, fill=(210, 40, 40))
    # reflections on the glass
    c.poly([(0.14, 0.8), (0.24, 0.42), (0.28, 0.42), (0.18, 0.8)], fill=_lighter((196, 218, 230), 0.3))
    # the door
    c.rect(0.68, 0.42, 0.88, 0.86, fill=_darker(colour, 0.2))
    c.rect(0.71, 0.46, 0.85, 0.78, fill=(196, 218, 230))
    c.rect(0.83, 0.6, 0.845, 0.68, fill=(230, 230, 230))
    for x in (0.02, 0.9):
        c.rect(x + 0.01, 0.78, x + 0.07, 0.86, fill=(90, 90, 96))
        for dx in (0.015, 0.04, 0.065):
            c.circle(x + dx, 0.76, 0.018, fill=rng.choice(GREENS))
    return c.picture((0.48, 0.55, 0.8, 0.7))


def draw_event(primary, accent, seed, size=PHOTO_SIZE):
    """A club evening: a stage with a screen, string lights and the audience from behind."""
    rng = random.Random(f"event-{seed}")  # noqa: S311
    primary, accent = _rgb(primary), _rgb(accent)
    c = Canvas(size, _darker(primary, 0.55), _darker(primary, 0.2))
    c.rect(0.14, 0.14, 0.86, 0.5, fill=_lighter(primary, 0.15), radius=10)  # the screen
    c.circle(0.4, 0.32, 0.08, fill=_lighter(accent, 0.2))
    c.circle(0.58, 0.3, 0.11, fill=_lighter(primary, 0.5))
    c.rect(0.06, 0.56, 0.94, 0.64, fill=_darker(primary, 0.45))  # the stage
    c.rect(0.47, 0.44, 0.53, 0.58, fill=_darker(accent, 0.3))  # a lectern
    for row in range(2):  # string lights
        y0 = 0.06 + row * 0.04
        points = [(x / 20, y0 + 0.05 * math.sin(math.pi * x / 20)) for x in range(21)]
        c.line(points, fill=(60, 56, 50), width=2)
        for x, y in points[1:-1]:
            c.circle(x, y + 0.012, 0.007, fill=(255, 214, 130))
    for row, (y, radius) in enumerate(((0.74, 0.03), (0.86, 0.037), (0.99, 0.045))):
        count = 11 - row * 2
        for number in range(count):
            x = (number + 0.5 + (0.3 if row % 2 else 0)) / count + rng.uniform(-0.01, 0.01)
            tone = _darker(primary, rng.uniform(0.6, 0.8))
            c.ellipse(x - radius * 1.6, y, x + radius * 1.6, y + 0.2, fill=tone)  # shoulders
            c.circle(x, y - radius * 0.6, radius, fill=tone)
    return c.picture((0.5, 0.4, 0.8, 0.7))


def draw_pattern(primary, accent, seed, size=PHOTO_SIZE):
    """An abstract cover in two colours: soft circles and bars on a gradient, for when nothing else fits."""
    rng = random.Random(f"pattern-{seed}")  # noqa: S311
    c = Canvas(size, _rgb(primary), _darker(accent, 0.1))
    for _ in range(6):
        radius, width = rng.uniform(0.05, 0.22), rng.randint(6, 16)
        c.circle(rng.random(), rng.random(), radius, outline=_lighter(primary, 0.3), width=width)
    return c.picture()


# -- logos -------------------------------------------------------------------------------------------------------


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def draw_logo(initials, primary, size=256):
    """A rounded square in the brand colour with the brand's initials, as PNG bytes: a logo is its letters."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 5, fill=_hex_to_rgb(primary))
    font = _font(size // 2 if len(initials) < 3 else size // 3)
    draw.text((size / 2, size / 2), initials, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_brand_picture(brand, number, primary, accent, size=PHOTO_SIZE):
    """A picture of what brand `brand` sells, for its hero (`number` 0) and its blog covers (1, 2, ...)."""
    seed = f"{brand}-{number}"
    if brand == "inback":
        variants = ["skyline", "park", "embankment", "courtyard", "panoramic"]
        return draw_facade(primary, accent, seed, variants[number % len(variants)], size=size)
    if brand == "avtofamily":
        bodies = ["crossover", "sedan", "suv", "hatchback", "liftback"]
        paints = ["red", "light", "dark", "blue"]
        return draw_car(bodies[number % len(bodies)], paints[number % len(paints)], seed, size=size)
    if brand == "svoykrug":
        if number % 2 == 0:
            return draw_event(primary, accent, seed, size=size)
        goods = ["bottles", "produce", "salon", "clinic"]
        return draw_storefront(accent, goods[number // 2 % len(goods)], seed, size=size)
    if brand == "zhilego":
        rooms = ["view", "living", "bedroom", "kitchen", "terrace", "house"]
        return draw_room(rooms[number % len(rooms)], seed, accent, size=size)
    return draw_pattern(primary, accent, seed, size=size)
