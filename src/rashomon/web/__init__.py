"""The web app: static pages (``static/``) served by :mod:`rashomon.api`, calling the API.

No build step at serve time and no CDN: ``static/`` holds everything, including the
Natural Earth country outlines copied from npm's ``world-atlas`` by ``frontend/``.
"""
