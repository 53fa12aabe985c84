"""Videos that load on click: the one rule for turning a video's address into its player's address.

Built from the address alone, without asking the video host (no outgoing call while a page is
served). Only YouTube (its privacy-enhanced host) and Vimeo: the players the site's
Content-Security-Policy frames (``frame-src``). The markup is ``templates/includes/video.html`` and
the click is ``static/js/video.js``: nothing of the video host loads before the visitor presses play.
"""
import re
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def player_url(url):
    """The player address of a YouTube or Vimeo video address (None for any other address)."""
    try:
        parsed = urlparse((url or "").strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https"):
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    if host == "youtu.be":
        video = parsed.path.strip("/").split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video = parsed.path.split("/")[2]
    if video is not None:
        return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1" if YOUTUBE_ID.match(video) else None
    if host in ("vimeo.com", "player.vimeo.com"):
        numbers = [part for part in parsed.path.split("/") if part.isdigit()]
        if numbers:
            return f"https://player.vimeo.com/video/{numbers[0]}?autoplay=1"
    return None
