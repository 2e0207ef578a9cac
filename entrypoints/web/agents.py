"""A browser's User-Agent in a few words, for the sessions page: "Firefox on Linux"."""

# Most specific first: Edge, Opera and Chromium say Chrome too, Chrome says Safari, Android says Linux.
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def short(agent: str) -> str:
    """The browser and system a User-Agent names, or its first 40 characters when it names none we know."""
    browser = next((name for mark, name in BROWSERS if mark in agent), "")
    system = next((name for mark, name in SYSTEMS if mark in agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or agent[:40]
