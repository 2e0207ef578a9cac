// Without this script both links still work: "New image" reloads the page, "Listen" opens the sound.
var image = document.getElementById("captcha-image");
var listen = document.getElementById("listen-captcha");
var answer = document.getElementById("captcha");
var player = null;

// "New image": a fresh challenge without reloading the page, so nothing typed is lost.
document.getElementById("new-captcha").addEventListener("click", function (event) {
  event.preventDefault();
  if (player) {
    player.pause();
    player.hidden = true;
  }
  image.hidden = false;
  image.src = image.src.split("?")[0] + "?" + Date.now();
  answer.value = "";
  answer.focus();
});

// "Listen": a fresh spoken challenge played here, with controls to hear it again (the same sound:
// fetching the link again would start another challenge). The image's challenge is replaced, so it goes.
listen.addEventListener("click", function (event) {
  event.preventDefault();
  if (!player) {
    player = document.createElement("audio");
    player.id = "captcha-audio";
    player.controls = true;
    player.preload = "auto";
    player.setAttribute("aria-label", listen.textContent);
    listen.parentNode.insertBefore(player, listen.nextSibling);
  }
  player.hidden = false;
  player.src = listen.href.split("?")[0] + "?" + Date.now();
  player.play();
  image.hidden = true;
  answer.value = "";
});
