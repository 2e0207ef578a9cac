import asyncio
import secrets

from captcha.image import ImageCaptcha

# Nothing a distorted glyph can pass for another: no 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B.
ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 5


class ImageCaptchaGenerator:
    """Distorted-text PNG images from the `captcha` package; `answer` fixes every answer, for automated tests."""

    def __init__(self, answer: str | None = None) -> None:
        self._answer = answer
        self._images = ImageCaptcha(width=200, height=70)

    def new_answer(self) -> str:
        if self._answer is not None:
            return self._answer
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))

    async def render(self, answer: str) -> bytes:
        image = await asyncio.get_running_loop().run_in_executor(None, self._images.generate, answer)
        return image.getvalue()
