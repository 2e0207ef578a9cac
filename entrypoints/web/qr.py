"""QR codes drawn on the server as inline SVG: no script, no image request, nothing the CSP has to allow."""


def svg(text: str, title: str) -> str:
    """`text` as a QR code an authenticator app can scan from a screen."""
    import segno  # at first use: only the setup page draws one, and `meet serve` stays smaller without it

    return segno.make(text, error="m").svg_inline(scale=4, title=title, svgclass="qr", lineclass=None, light="#fff")


def grouped(secret: str) -> str:
    """A base32 secret in groups of four, as a person types it into an app (which ignores the spaces)."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
