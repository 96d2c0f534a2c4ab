"""The register on the web: Django apps for reading and searching (register) and the public JSON API (api).

Served by `tipreg serve` (waitress) or any WSGI server through `tipreg.web.wsgi.application`.
"""
