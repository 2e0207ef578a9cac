// "New image": a fresh challenge without reloading the page, so nothing typed is lost.
document.getElementById("new-captcha").addEventListener("click", function (event) {
  event.preventDefault();
  var image = document.getElementById("captcha-image");
  image.src = image.src.split("?")[0] + "?" + Date.now();
  document.getElementById("captcha").value = "";
  document.getElementById("captcha").focus();
});
