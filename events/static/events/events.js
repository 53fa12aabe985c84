/* The recording's player loads only when the visitor presses play (no request to the video site
   before). Without JavaScript the button is a plain link to the video. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-video-play]");
  if (!button) { return; }
  var box = button.closest("[data-video-src]");
  if (!box) { return; }
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = box.dataset.videoSrc + (box.dataset.videoSrc.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
  frame.title = box.dataset.videoTitle || "";
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.setAttribute("allowfullscreen", "");
  box.replaceChildren(frame);
});
