"""The web app: static pages (``static/``) served by :mod:`rashomon.api`, calling the API.

Pages: the map (``index.html`` + ``map.js``: clustered markers, a brushable timeline, the
list, filters in the URL), the event page (``event.js``), the story page (``story.js``)
and the document page (``document.js``); ``common.js`` holds what they share. Plain
JavaScript and SVG, no libraries.

No build step at serve time and no CDN: ``static/`` holds everything, including the
Natural Earth country outlines copied from npm's ``world-atlas`` by ``frontend/``.
"""
