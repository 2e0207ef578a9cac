from adapters.captcha import ALPHABET, ImageCaptchaGenerator
from application.issue_captcha import CHALLENGE_LIFETIME, IssueCaptcha

PNG = b"\x89PNG\r\n\x1a\n"


async def test_answers_are_random_and_drawn_from_the_unambiguous_alphabet():
    generator = ImageCaptchaGenerator()
    answers = {generator.new_answer() for _ in range(50)}

    assert len(answers) > 45
    assert all(set(answer) <= set(ALPHABET) for answer in answers)


async def test_a_fixed_answer_is_every_answer():
    generator = ImageCaptchaGenerator(answer="abc")
    assert {generator.new_answer() for _ in range(5)} == {"abc"}


async def test_an_issued_challenge_keeps_its_answer_on_the_server(challenges, clock):
    issued = await IssueCaptcha(ImageCaptchaGenerator(), challenges, clock)()

    assert issued.image.startswith(PNG)
    challenge = await challenges.take(issued.challenge_id)
    assert challenge is not None
    assert challenge.answer not in issued.challenge_id
    assert challenge.expires_at == clock.now() + CHALLENGE_LIFETIME
