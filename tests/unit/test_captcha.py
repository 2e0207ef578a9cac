import io
import wave
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.captcha import ALPHABET, AUDIO_LENGTH, AudioCaptchaGenerator, ImageCaptchaGenerator
from application.issue_captcha import CHALLENGE_LIFETIME, IssueCaptcha

PNG = b"\x89PNG\r\n\x1a\n"


class CountingExecutor(ThreadPoolExecutor):
    """A one-thread pool that counts the work it is given."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


@pytest.fixture
def executor():
    with CountingExecutor() as pool:
        yield pool


def frames(wav: bytes) -> int:
    """The number of samples in a RIFF/WAVE file; fails unless it is one."""
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    with wave.open(io.BytesIO(wav)) as sound:
        return sound.getnframes()


async def test_image_answers_are_random_and_drawn_from_the_unambiguous_alphabet(executor):
    generator = ImageCaptchaGenerator(executor)
    answers = {generator.new_answer() for _ in range(50)}

    assert len(answers) > 45
    assert all(set(answer) <= set(ALPHABET) for answer in answers)


async def test_audio_answers_are_random_digits(executor):
    # Spoken letters rhyme (B, D, E, P, T, V); digits do not.
    generator = AudioCaptchaGenerator(executor)
    answers = {generator.new_answer() for _ in range(50)}

    assert len(answers) > 45
    assert all(answer.isdigit() and len(answer) == AUDIO_LENGTH for answer in answers)


async def test_the_spoken_answer_is_a_wav_rendered_on_the_executor_it_is_given(executor):
    generator = AudioCaptchaGenerator(executor)

    wav = await generator.render(generator.new_answer())

    assert frames(wav) > 8000 * AUDIO_LENGTH // 2  # at 8 kHz: more than half a second a digit
    assert executor.submitted == 1


@pytest.mark.parametrize("answer", ["abc", "a-b", "--"])
async def test_a_fixed_answer_is_said_as_far_as_the_voices_go(executor, answer):
    # The package has voices for 0-9 and A-Z; a fixed test answer may hold anything else.
    assert frames(await AudioCaptchaGenerator(executor).render(answer)) > 0


async def test_an_issued_challenge_keeps_its_answer_on_the_server(challenges, clock, executor):
    issued = await IssueCaptcha(ImageCaptchaGenerator(executor), challenges, clock)()

    assert issued.content.startswith(PNG) and issued.media_type == "image/png"
    challenge = await challenges.take(issued.challenge_id)
    assert challenge is not None
    assert challenge.answer not in issued.challenge_id
    assert challenge.expires_at == clock.now() + CHALLENGE_LIFETIME


async def test_an_issued_spoken_challenge_keeps_its_digits_on_the_server(challenges, clock, executor):
    issued = await IssueCaptcha(AudioCaptchaGenerator(executor), challenges, clock)()

    assert frames(issued.content) > 0 and issued.media_type == "audio/wav"
    challenge = await challenges.take(issued.challenge_id)
    assert challenge is not None and challenge.answer.isdigit()
    assert challenge.answer not in issued.challenge_id


async def test_an_image_is_drawn_on_the_executor_it_was_given(executor):
    generator = ImageCaptchaGenerator(executor)

    await generator.render("ACDEF")

    assert executor.submitted == 1
