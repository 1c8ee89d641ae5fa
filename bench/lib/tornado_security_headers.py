"""The headers a Squall response carries by default. Tornado contenders send them too, so every contender sends
the same bytes and wrk parses the same responses (bench/java Hello.java does the same for raw Vert.x)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """A RequestHandler mixin: put it before the handler class."""

    def set_default_headers(self):
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
