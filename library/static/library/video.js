// Click-to-load videos: the player (YouTube/Vimeo) is fetched only when the visitor asks for it.
document.addEventListener("click", function (event) {
  var link = event.target.closest(".lib-video-play");
  if (!link) return;
  var box = link.closest(".lib-video");
  var src = box && box.getAttribute("data-embed");
  if (!src) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = link.textContent;
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.className = "lib-video-frame";
  link.replaceWith(frame);
});
