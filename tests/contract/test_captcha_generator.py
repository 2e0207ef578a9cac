"""The CaptchaGenerator contract, for the drawn and the spoken captcha."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.captcha import AudioCaptchaGenerator, ImageCaptchaGenerator

# What a file of each media type starts with.
MAGIC = {"image/png": (0, b"\x89PNG\r\n\x1a\n"), "audio/wav": (8, b"WAVE")}


@pytest.fixture(params=["image", "audio"])
def make(request):
    """Make one kind of generator, given a fixed answer or None."""
    kind = ImageCaptchaGenerator if request.param == "image" else AudioCaptchaGenerator
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield lambda answer=None: kind(pool, answer=answer)


def test_answers_are_random(make):
    generator = make()
    assert len({generator.new_answer() for _ in range(50)}) > 45


def test_a_fixed_answer_is_every_answer(make):
    generator = make("abc")
    assert {generator.new_answer() for _ in range(5)} == {"abc"}


async def test_an_answer_is_rendered_as_its_media_type_says(make):
    generator = make()
    offset, magic = MAGIC[generator.media_type]

    rendered = await generator.render(generator.new_answer())

    assert rendered[offset : offset + len(magic)] == magic
    assert len(rendered) > 1000
