"""The recording's player address: YouTube (privacy-enhanced) and Vimeo only, as the CSP allows."""
import re
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(url):
    """The player address for a YouTube or Vimeo video address; None for anything else."""
    try:
        parsed = urlparse(url or "")
    except ValueError:
        return None
    if parsed.scheme != "https":
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    if host == "youtu.be":
        video = parsed.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video = (parse_qs(parsed.query).get("v") or [""])[0]
        elif parsed.path.startswith(("/embed/", "/live/", "/shorts/")):
            video = parsed.path.split("/")[2]
    elif host in ("vimeo.com", "player.vimeo.com"):
        number = parsed.path.rstrip("/").split("/")[-1]
        if number.isdigit():
            return f"https://player.vimeo.com/video/{number}"
        return None
    if video and YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    return None
