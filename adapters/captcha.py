import asyncio
import os
import secrets
import string
from concurrent.futures import Executor

from captcha.audio import BEEP, END_BEEP, SILENCE, WAVE_SAMPLE_RATE, AudioCaptcha, mix_wave, patch_wave_header
from captcha.image import ImageCaptcha

# Nothing a distorted glyph can pass for another: no 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B.
ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 5
# Spoken letters rhyme (B/D/E/P/T/V, M/N) and sound different in every language; digits do not.
AUDIO_ALPHABET = string.digits
AUDIO_LENGTH = 6
# captcha.audio's white-noise floor (a sample is 126 to 129), one byte per random byte.
NOISE_FLOOR = bytes(126 + b % 4 for b in range(256))


class ImageCaptchaGenerator:
    """Distorted-text PNG images from the `captcha` package, drawn on `executor`; `answer` fixes every answer,
    for automated tests."""

    media_type = "image/png"

    def __init__(self, executor: Executor, answer: str | None = None) -> None:
        self._answer = answer
        self._executor = executor
        self._images = ImageCaptcha(width=200, height=70)

    def new_answer(self) -> str:
        if self._answer is not None:
            return self._answer
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))

    async def render(self, answer: str) -> bytes:
        image = await asyncio.get_running_loop().run_in_executor(self._executor, self._images.generate, answer)
        return image.getvalue()


class AudioCaptchaGenerator:
    """Spoken digits over noise, as WAV, from the `captcha` package's own English voice files (no network,
    no speech engine); rendered on `executor`; `answer` fixes every answer, for automated tests."""

    media_type = "audio/wav"

    def __init__(self, executor: Executor, answer: str | None = None) -> None:
        self._answer = answer
        self._executor = executor
        self._voices = _QuickNoiseAudioCaptcha()

    def new_answer(self) -> str:
        if self._answer is not None:
            return self._answer
        return "".join(secrets.choice(AUDIO_ALPHABET) for _ in range(AUDIO_LENGTH))

    async def render(self, answer: str) -> bytes:
        # The package has voices for 0-9 and A-Z; of a fixed test answer, what has one is said.
        spoken = "".join(c for c in answer.upper() if c in self._voices.choices)
        wav = await asyncio.get_running_loop().run_in_executor(self._executor, self._voices.generate, spoken)
        return bytes(wav)


class _QuickNoiseAudioCaptcha(AudioCaptcha):
    """AudioCaptcha with its white noise drawn in one os.urandom call: the package draws it one
    secrets.randbelow per sample, four fifths of a second of a render's second."""

    def generate(self, chars: str) -> bytearray:
        if not chars:  # a fixed test answer with nothing sayable: only the beeps
            return patch_wave_header(BEEP + SILENCE + END_BEEP)
        return super().generate(chars)

    def create_background_noise(self, length: int, chars: str) -> bytearray:
        noise = bytearray(os.urandom(length).translate(NOISE_FLOOR))
        # From here as in captcha.audio: reversed, quieter voices mixed in at random gaps.
        pos = 0
        while pos < length:
            sound = self._noise_pick()
            end = pos + len(sound) + 1
            noise[pos:end] = mix_wave(sound, noise[pos:end])
            pos = end + secrets.randbelow(WAVE_SAMPLE_RATE // 10 + 1)
        return noise
