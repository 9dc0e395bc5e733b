"""Images and documents for the demo, drawn locally with Pillow (no network), saved through
the factories of ``factories/``."""

import io
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from factories.home import DocumentFactory, ImageFactory

PALETTES = {
    "warm": ["#a63a00", "#d9480f", "#e8a33d", "#f6efe3", "#0a4f5c"],
    "teal": ["#073740", "#0a4f5c", "#3d8b8b", "#f6efe3", "#e8a33d"],
    "sage": ["#2f4a3a", "#6b8f71", "#c9d6b8", "#f6efe3", "#a63a00"],
    "dusk": ["#2b2d42", "#5c4d7d", "#d9480f", "#f6efe3", "#e8a33d"],
}


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def draw_composition(*, seed, palette="warm", size=(1600, 900)):
    """An abstract, deterministic composition: a gradient, soft discs, bands and dots."""
    rng = random.Random(seed)
    colours = [_rgb(c) for c in PALETTES[palette]]
    width, height = size
    top, bottom = colours[0], colours[1]
    canvas = Image.new("RGB", size)
    pixels = ImageDraw.Draw(canvas)
    for y in range(height):
        mix = y / height
        pixels.line(
            [(0, y), (width, y)],
            fill=tuple(int(top[i] * (1 - mix) + bottom[i] * mix) for i in range(3)),
        )
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(layer)
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shapes.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=(*rng.choice(colours[2:]), rng.randint(90, 170)),
        )
    for _ in range(3):
        y = rng.randint(0, height)
        shapes.rectangle([0, y, width, y + rng.randint(20, 70)], fill=(*colours[3], 60))
    layer = layer.filter(ImageFilter.GaussianBlur(6))
    for _ in range(40):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(4, 12)
        ImageDraw.Draw(layer).ellipse([x - r, y - r, x + r, y + r], fill=(*colours[3], 200))
    canvas.paste(layer, (0, 0), layer)
    return canvas


def demo_image(
    *,
    title,
    description,
    seed,
    palette="warm",
    credit="Image générée",
    description_en="",
    credit_en="Generated image",
    collection=None,
):
    """The demo image called ``title``, drawn the first time only."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    size = settings.DEMO_IMAGE_SIZE
    draw_composition(seed=seed, palette=palette, size=size).save(buffer, "JPEG", quality=85)
    # ImageFile lets Wagtail read the width and height it stores alongside the file.
    return ImageFactory(
        title=title,
        description=description,
        description_en=description_en,
        credit=credit,
        credit_en=credit_en,
        file=ImageFile(buffer, name=f"demo-{seed}.jpg"),
        collection=collection or Collection.get_first_root_node(),
    )


def draw_logo(*, text, seed, palette="warm", size=(600, 300)):
    """A plain, deterministic logo: a coloured mark and the organisation's short name."""
    rng = random.Random(seed)
    colours = [_rgb(c) for c in PALETTES[palette]]
    height = size[1]
    canvas = Image.new("RGB", size, colours[3])
    draw = ImageDraw.Draw(canvas)
    mark = height // 2
    x, y = height // 4, height // 4
    if rng.random() < 0.5:
        draw.ellipse([x, y, x + mark, y + mark], fill=colours[0])
    else:
        draw.rounded_rectangle([x, y, x + mark, y + mark], radius=mark // 5, fill=colours[0])
    draw.ellipse(
        [x + mark // 3, y + mark // 3, x + 2 * mark // 3, y + 2 * mark // 3], fill=colours[2]
    )
    font = _font(56 if len(text) <= 8 else 36)
    left = x + mark + height // 8
    lines = _wrap(text, 14)[:2]
    line_height = font.size + 8
    top = (height - line_height * len(lines)) // 2
    for n, line in enumerate(lines):
        draw.text((left, top + n * line_height), line, font=font, fill=colours[1])
    return canvas


def demo_logo(*, title, text, seed, palette="warm", collection=None):
    """The demo logo called ``title``, drawn the first time only (PNG, as logos usually are)."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    draw_logo(text=text, seed=seed, palette=palette).save(buffer, "PNG")
    return ImageFactory(
        title=title,
        description=text,
        credit="Logo généré",
        credit_en="Generated logo",
        file=ImageFile(buffer, name=f"logo-{seed}.png"),
        collection=collection or Collection.get_first_root_node(),
    )


def draw_site_logo(*, text, size=(360, 120)):
    """The organisation's logo: a mark and its short name on a cream badge with rounded
    corners, legible on the dark header as on the white backgrounds of search results."""
    colours = [_rgb(c) for c in PALETTES["teal"]]
    width, height = size
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle([0, 0, width - 1, height - 1], radius=height // 5, fill=colours[3])
    mark, x, y = height * 3 // 5, height // 5, height // 5
    draw.ellipse([x, y, x + mark, y + mark], fill=colours[1])
    draw.ellipse(
        [x + mark // 3, y + mark // 3, x + 2 * mark // 3, y + 2 * mark // 3],
        fill=_rgb(PALETTES["warm"][2]),
    )
    font = _font(height // 2)
    left = x + mark + height // 6
    top = (height - font.size) // 2 - height // 20
    draw.text((left, top), text, font=font, fill=colours[0])
    return canvas


def demo_site_logo(*, title, text):
    """The site's logo called ``title``, drawn the first time only (a PNG with transparency)."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    draw_site_logo(text=text).save(buffer, "PNG")
    return ImageFactory(
        title=title,
        description=text,
        credit="Logo généré",
        credit_en="Generated logo",
        file=ImageFile(buffer, name="logo-site.png"),
        collection=Collection.get_first_root_node(),
    )


# Pillow's built-in font has no accented letters: French text needs a real font.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def _font(size):
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)  # legible, though accents show as boxes


def _wrap(text, width):
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def demo_pdf(*, title, pages, filename, description=""):
    """A real, small PDF of text pages (A4 at 100 dpi), stored as a Wagtail document."""
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    rendered = []
    for heading, body in pages:
        page = Image.new("RGB", (827, 1169), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle([0, 0, 827, 90], fill=_rgb("#0a4f5c"))
        draw.text((60, 30), title, font=_font(24), fill="white")
        y = 140
        for line in _wrap(heading, 48):
            draw.text((60, y), line, font=_font(30), fill=_rgb("#073740"))
            y += 42
        y += 20
        for paragraph in body:
            for line in _wrap(paragraph, 70):
                draw.text((60, y), line, font=_font(19), fill="black")
                y += 28
            y += 18
        rendered.append(page)
    buffer = io.BytesIO()
    rendered[0].save(buffer, "PDF", save_all=True, append_images=rendered[1:], title=title)
    return DocumentFactory(
        title=title,
        description=description,
        file=ContentFile(buffer.getvalue(), name=filename),
        file_metadata=True,
    )
