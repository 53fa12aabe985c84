"""Generated illustrations for the demo content (``manage.py seed_demo``): no download, no photo.

The demo needs pictures on every campaign, OMS profile and story, but it has no real photos to
show, and a picture pretending to be a real place or person would mislead. So Pillow draws flat
illustrations: layered hills under a sky, with a motif that fits the initiative (solar street
lamps, a kampung's roofs, rain tanks, rice terraces, trees), logos as initials on a colour disc, and
team portraits as faceless avatars. Everything is deterministic per key (the same slug always gives
the same picture), so a second seed changes nothing.

They are never presented as photos: every image's title starts "Ilustrasi:" and its description
(the alt text templates use) says "Ilustrasi: ... · Illustration: ...", and they are kept in a
collection named "Demo illustrations" (under the OMS's own collection when the OMS has one, so its
editors can use them like their own uploads, and no other OMS sees them).

Each image is generated once: ``demo_image`` finds an existing one by its title in its collection.
"""
import functools
import hashlib
import inspect
import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

COLLECTION_NAME = "Demo illustrations"
JPEG_QUALITY = 82
COVER_SIZE = (1600, 900)
GALLERY_SIZE = (1200, 900)
LOGO_SIZE = (400, 400)
PORTRAIT_SIZE = (400, 400)
# Drawn at twice the size and scaled down: smooth edges without anti-aliased primitives.
SUPERSAMPLE = 2

# (sky top, sky bottom, sun, hills back to front, accent)
PALETTES = [
    ((250, 214, 165), (255, 240, 214), (255, 182, 93),
     [(196, 143, 101), (161, 110, 78), (120, 79, 60), (78, 52, 45)], (11, 110, 79)),
    ((166, 214, 226), (232, 246, 240), (255, 224, 130),
     [(130, 186, 150), (86, 153, 117), (46, 115, 88), (23, 77, 64)], (214, 91, 60)),
    ((255, 200, 170), (255, 236, 210), (255, 128, 92),
     [(230, 160, 120), (196, 112, 92), (140, 76, 86), (86, 52, 76)], (250, 196, 64)),
    ((190, 220, 245), (240, 248, 252), (255, 210, 110),
     [(150, 190, 210), (98, 150, 180), (58, 104, 140), (32, 64, 96)], (230, 140, 50)),
    ((222, 236, 200), (248, 250, 232), (250, 200, 80),
     [(170, 200, 120), (120, 168, 88), (80, 128, 64), (44, 84, 48)], (190, 70, 60)),
]
# A dusk palette for the initiatives about light: the lamps show best against a dark sky.
DUSK = ((34, 40, 84), (120, 92, 140), (255, 236, 190),
        [(86, 76, 120), (62, 56, 98), (42, 40, 74), (24, 26, 50)], (255, 214, 102))
DISC_COLOURS = [(11, 110, 79), (180, 70, 50), (40, 90, 150), (140, 80, 140), (196, 120, 20), (30, 120, 130)]
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (170, 110, 60), (110, 70, 40)]

# Keywords of the demo initiatives -> the motif drawn on the middle hill.
MOTIFS = [
    (("lampu", "energi", "cahaya"), "lamps"),
    (("air", "tandon", "hujan"), "tanks"),
    (("pertanian", "tikus", "burung"), "terraces"),
    (("api", "gambut", "hutan"), "trees"),
    (("sampah", "daur ulang", "jelantah", "sabun", "kompos", "kebun"), "houses"),
    (("buku", "anak", "kesehatan", "tb", "hukum", "advokasi"), "houses"),
]


def _rng(key):
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def motif_for(keywords):
    words = {word.lower() for word in keywords or ()}
    for theme, motif in MOTIFS:
        if words & set(theme):
            return motif
    return "trees"


def _jpeg(picture):
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _gradient(size, top, bottom):
    column = PILImage.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize(size, PILImage.BILINEAR)


def _ridge(rng, width, base, amplitude):
    """A hill line: a few sine waves of random phase, sampled every few pixels."""
    waves = [(rng.uniform(0.6, 2.8) * 2 * math.pi / width, rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 1))
             for _ in range(3)]
    total = sum(weight for _f, _p, weight in waves)
    step = max(4, width // 200)
    return [(x, base + amplitude * sum(w * math.sin(f * x + p) for f, p, w in waves) / total)
            for x in range(0, width + step, step)]


def _height_at(ridge, x):
    for (x0, y0), (x1, y1) in zip(ridge, ridge[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / ((x1 - x0) or 1)
    return ridge[-1][1]


def _drawn_once(draw):
    """``draw``'s JPEG bytes kept per process for its arguments (lists taken as tuples): the drawings
    depend on nothing else, and a process that seeds more than once (the tests) draws each once."""
    @functools.lru_cache(maxsize=256)
    def kept(*args):
        return draw(*args)

    signature = inspect.signature(draw)

    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return kept(*(tuple(value) if isinstance(value, list) else value for value in bound.args))

    return drawn


@_drawn_once
def landscape(key, keywords=(), size=COVER_SIZE):
    """A flat landscape illustration (JPEG bytes): sky, sun, layered hills and a motif."""
    rng = _rng(key)
    motif = motif_for(keywords)
    palette = DUSK if motif == "lamps" else PALETTES[rng.randrange(len(PALETTES))]
    sky_top, sky_bottom, sun, hills, accent = palette
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    picture = _gradient((width, height), sky_top, sky_bottom)
    draw = ImageDraw.Draw(picture)
    # Sun (or moon) with a soft halo.
    cx, cy, radius = rng.uniform(0.15, 0.85) * width, rng.uniform(0.14, 0.3) * height, height * rng.uniform(.07, .1)
    halo = tuple(round((a + b) / 2) for a, b in zip(sun, sky_bottom))
    draw.ellipse((cx - radius * 1.6, cy - radius * 1.6, cx + radius * 1.6, cy + radius * 1.6), fill=halo)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=sun)
    # Clouds: overlapping pale ellipses.
    for _ in range(rng.randint(2, 4)):
        x, y, w = rng.uniform(0, width), rng.uniform(0.08, 0.35) * height, rng.uniform(0.08, 0.16) * width
        cloud = tuple(min(255, c + 18) for c in sky_bottom)
        for dx, dy, scale in ((0, 0, 1), (w * .3, -w * .12, .7), (-w * .3, -w * .05, .6)):
            draw.ellipse((x + dx - w * scale / 2, y + dy - w * scale / 6, x + dx + w * scale / 2, y + dy + w * scale / 6),
                         fill=cloud)
    ridges = []
    for layer, colour in enumerate(hills):
        base = height * (0.45 + 0.13 * layer)
        ridge = _ridge(rng, width, base, height * (0.09 - 0.015 * layer))
        ridges.append(ridge)
        draw.polygon(ridge + [(width, height), (0, height)], fill=colour)
        if layer == 2:
            _motif(draw, rng, motif, ridge, width, height, hills, accent, sun)
    return _jpeg(picture.resize(size, PILImage.LANCZOS))


def _motif(draw, rng, motif, ridge, width, height, hills, accent, light):
    dark = hills[-1]
    if motif == "lamps":
        # A road along the hill, lit by solar street lamps.
        road = [(x, y + height * 0.05) for x, y in ridge]
        draw.line(road, fill=(90, 86, 110), width=int(height * 0.018))
        for i in range(7):
            x = width * (0.08 + i * 0.14)
            y = _height_at(road, x)
            top = y - height * 0.2
            draw.ellipse((x - height * .05, top - height * .05, x + height * .05, top + height * .05),
                         fill=tuple(round((a + b) / 2) for a, b in zip(light, hills[1])))
            draw.line((x, y, x, top), fill=dark, width=int(height * 0.008))
            draw.rectangle((x - height * .03, top - height * .045, x + height * .03, top - height * .03), fill=accent)
            draw.ellipse((x - height * .016, top - height * .016, x + height * .016, top + height * .016), fill=light)
    elif motif == "terraces":
        for i in range(5):
            offset = height * (0.03 + 0.045 * i)
            draw.line([(x, y + offset) for x, y in ridge], fill=hills[1] if i % 2 else accent, width=int(height * .012))
        x = width * rng.uniform(0.3, 0.7)
        y = _height_at(ridge, x)
        draw.line((x, y, x, y - height * .22), fill=dark, width=int(height * .01))
        draw.polygon([(x - height * .06, y - height * .22), (x, y - height * .28), (x + height * .06, y - height * .22)],
                     fill=accent)
        draw.rectangle((x - height * .045, y - height * .22, x + height * .045, y - height * .15), fill=hills[0])
        draw.ellipse((x - height * .015, y - height * .2, x + height * .015, y - height * .17), fill=dark)
    elif motif == "trees":
        for _ in range(14):
            x = rng.uniform(0, width)
            y = _height_at(ridge, x) + height * 0.02
            h = height * rng.uniform(0.08, 0.16)
            draw.line((x, y, x, y - h * .4), fill=dark, width=int(height * .008))
            draw.polygon([(x - h * .3, y - h * .35), (x, y - h), (x + h * .3, y - h * .35)],
                         fill=hills[rng.randrange(1, len(hills))])
    else:  # houses, with rain tanks beside them for "tanks"
        for i in range(rng.randint(5, 8)):
            x = width * (0.06 + i * 0.13 + rng.uniform(-.02, .02))
            y = _height_at(ridge, x) + height * 0.03
            w, h = height * rng.uniform(.1, .14), height * rng.uniform(.07, .1)
            wall = tuple(min(255, c + 40) for c in hills[0])
            draw.rectangle((x - w / 2, y - h, x + w / 2, y), fill=wall)
            draw.polygon([(x - w * .62, y - h), (x, y - h - w * .45), (x + w * .62, y - h)], fill=accent)
            draw.rectangle((x - w * .1, y - h * .6, x + w * .1, y), fill=dark)
            if motif == "tanks":
                tx = x + w * .75
                draw.rectangle((tx - w * .18, y - h * .95, tx + w * .18, y), fill=(70, 130, 180))
                draw.ellipse((tx - w * .18, y - h * 1.05, tx + w * .18, y - h * .85), fill=(110, 170, 210))


def _font(size):
    return ImageFont.load_default(size=size)


def initials(name):
    skip = {"yayasan", "komunitas", "perkumpulan", "kelompok", "masyarakat", "pt", "cv", "ud", "dan", "untuk"}
    words = [word for word in name.replace("-", " ").split() if word.isalpha()]
    kept = [word for word in words if word.lower() not in skip] or words or ["?"]
    return "".join(word[0] for word in kept[:2]).upper()


@_drawn_once
def logo(key, name, size=LOGO_SIZE):
    """A logo: the name's initials on a colour disc, with a ring (JPEG bytes, white background)."""
    rng = _rng(key)
    colour = DISC_COLOURS[rng.randrange(len(DISC_COLOURS))]
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    picture = PILImage.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    margin = width * 0.06
    draw.ellipse((margin, margin, width - margin, height - margin), fill=colour)
    ring = width * 0.11
    draw.ellipse((ring, ring, width - ring, height - ring), outline=(255, 255, 255), width=int(width * 0.012))
    font = _font(int(height * 0.34))
    draw.text((width / 2, height / 2), initials(name), fill=(255, 255, 255), font=font, anchor="mm")
    return _jpeg(picture.resize(size, PILImage.LANCZOS))


@_drawn_once
def portrait(key, size=PORTRAIT_SIZE):
    """A faceless avatar illustration for a team member (JPEG bytes): head and shoulders, flat."""
    rng = _rng(key)
    background = PALETTES[rng.randrange(len(PALETTES))][1]
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    picture = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(picture)
    clothes = DISC_COLOURS[rng.randrange(len(DISC_COLOURS))]
    skin = SKIN[rng.randrange(len(SKIN))]
    draw.ellipse((width * .18, height * .66, width * .82, height * 1.3), fill=clothes)
    draw.rectangle((width * .44, height * .55, width * .56, height * .7), fill=skin)
    draw.ellipse((width * .32, height * .22, width * .68, height * .62), fill=skin)
    hair = (40, 30, 28)
    if rng.random() < 0.5:  # a headscarf
        scarf = DISC_COLOURS[rng.randrange(len(DISC_COLOURS))]
        draw.ellipse((width * .28, height * .17, width * .72, height * .66), fill=scarf)
        draw.ellipse((width * .35, height * .27, width * .65, height * .6), fill=skin)
    else:
        draw.chord((width * .31, height * .19, width * .69, height * .5), 180, 360, fill=hair)
    return _jpeg(picture.resize(size, PILImage.LANCZOS).filter(ImageFilter.SMOOTH))


# -- the image library -------------------------------------------------------------------------------


def illustrations_collection(parent=None):
    """The "Demo illustrations" collection, under ``parent`` (an OMS's collection) or at the root."""
    from wagtail.models import Collection

    parent = parent or Collection.get_first_root_node()
    found = parent.get_children().filter(name=COLLECTION_NAME).first()
    return found or parent.add_child(name=COLLECTION_NAME)


def collection_for(organisation):
    """Where an OMS's demo illustrations go: inside its own collection when it has one."""
    from partners.access import access_for

    access = access_for(organisation) if organisation is not None else None
    return illustrations_collection(access.collection if access is not None else None)


def demo_image(collection, subject_id, subject_en, render):
    """The illustration titled "Ilustrasi: <subject_id>" in ``collection``, drawn by ``render()`` once."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    title = f"Ilustrasi: {subject_id}"[:255]
    found = Image.objects.filter(collection=collection, title=title).first()
    if found is not None:
        return found
    image = Image(title=title, collection=collection)
    if hasattr(image, "description"):
        image.description = f"Ilustrasi: {subject_id} · Illustration: {subject_en}"[:255]
    slug = hashlib.sha1(title.encode()).hexdigest()[:10]
    image.file = ImageFile(io.BytesIO(render()), name=f"ilustrasi-{slug}.jpg")
    image.save()
    return image
