"""The old keys, for entrypoints/cli.py until it moves to entrypoints.messages (then delete this module)."""

from entrypoints.messages import FIELD_PROBLEMS, OUTCOMES

MESSAGES = {problem.value: text for (field, problem), text in FIELD_PROBLEMS.items() if field != "github"}
MESSAGES |= {"username_taken": OUTCOMES["UsernameTaken"], "email_taken": OUTCOMES["EmailTaken"]}
MESSAGES |= {"username_lookalike": OUTCOMES["UsernameLookalike"]}
