/* Videos that load on click (templates/includes/video.html): the facade becomes the player only when
   the visitor presses play; nothing of the video host loads before. Without JavaScript the button is
   a plain link to the video's own page. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-video-play]");
  var figure = button && button.closest("[data-video-player]");
  if (!figure || !figure.dataset.videoPlayer) { return; }
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = figure.dataset.videoPlayer;
  frame.title = figure.dataset.videoTitle || "";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  figure.querySelector("[data-video-facade]").replaceWith(frame);
  frame.focus();
});
