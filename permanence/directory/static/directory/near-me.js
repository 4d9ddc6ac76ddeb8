// "Around me": fills the hidden lat/lon fields of the search form from the phone's position.
// The page works without it (type a town instead); nothing leaves the browser but the form.
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  if (!button || !("geolocation" in navigator)) { return; }
  var form = button.form;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(4);
      form.elements.lon.value = position.coords.longitude.toFixed(4);
      form.elements.q.value = "";
      button.disabled = false;
      form.requestSubmit();
    }, function () {
      button.disabled = false;
      var status = document.getElementById(button.getAttribute("aria-describedby"));
      if (status) { status.hidden = false; }
    }, { timeout: 10000, maximumAge: 300000 });
  });
})();
