"""Pictures for the image tests: a camera-sized photo that compresses like one, and readers of
the renditions an item lists."""

from functools import cache
from html.parser import HTMLParser
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops


@cache
def photo_like_jpeg(size=(4800, 3200)):
    """A JPEG like a camera's: smooth gradients under grain and blotches, so it compresses as
    a real photo does (a flat colour would make every size look small). About 4 MB at 4800 x
    3200."""
    width, height = size
    blotches = Image.effect_noise((width // 8, height // 8), 60).resize(
        size, Image.Resampling.BICUBIC
    )
    grain = Image.effect_noise(size, 18)
    red = ImageChops.blend(Image.linear_gradient("L").resize(size), blotches, 0.35)
    green = ImageChops.blend(Image.radial_gradient("L").resize(size), grain, 0.25)
    blue = ImageChops.blend(blotches, grain, 0.5)
    output = BytesIO()
    Image.merge("RGB", (red, green, blue)).save(output, "JPEG", quality=90)
    return output.getvalue()


def uploaded_photo(name="camera.jpg", size=(4800, 3200)):
    return SimpleUploadedFile(name, photo_like_jpeg(size), content_type="image/jpeg")


def rendition_urls(field_file, content_type=None):
    """The addresses of the renditions listed for `field_file`, of one type if given."""
    renditions = getattr(field_file.instance, f"{field_file.field.name}_renditions")
    return [
        field_file.storage.url(rendition["name"])
        for rendition in renditions
        if content_type in (None, rendition["type"])
    ]


def parse_srcset(srcset):
    """{width: url} from a `srcset` of width descriptors."""
    candidates = {}
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        candidates[int(descriptor.removesuffix("w"))] = url
    return candidates


def chosen_candidate(srcset, needed_pixels):
    """The candidate a browser needing `needed_pixels` across picks: the narrowest at least
    that wide, or else the widest."""
    candidates = parse_srcset(srcset)
    wide_enough = [width for width in candidates if width >= needed_pixels]
    return candidates[min(wide_enough) if wide_enough else max(candidates)]


class PictureParser(HTMLParser):
    """Every <img> and <source> of a page, as dicts of their attributes, in order."""

    def __init__(self):
        super().__init__()
        self.images = []
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "source":
            self.sources.append(dict(attrs))


def pictures_on(html):
    parser = PictureParser()
    parser.feed(html)
    return parser
