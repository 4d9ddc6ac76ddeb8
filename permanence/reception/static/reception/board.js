// The live board: htmx replaces it every 10 seconds, but never under the hands of someone using
// it (a room being typed, a button reached with the keyboard): the poll is skipped, or its answer
// dropped if it arrives meanwhile. A page that is not the board (the sign-in page after the
// session expired) is never swapped in: the page reloads instead. Each poll sends the version the
// board shows; the server answers 204 (nothing to swap) while it is still current.
(function () {
  "use strict";
  function isBoard(element) { return element && element.matches("[data-live-board]"); }
  function inUse(board) { return board.contains(document.activeElement); }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isBoard(event.detail.elt) && inUse(event.detail.elt)) { event.preventDefault(); }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var board = event.detail.elt;
    if (isBoard(board) && board.dataset.version) {
      event.detail.headers["X-Board-Version"] = board.dataset.version;
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var board = event.detail.elt;
    if (!isBoard(board) || event.detail.xhr.status === 204) { return; }
    var text = (event.detail.serverResponse || "").trim();
    if (text.indexOf('<section id="' + board.id + '"') !== 0) {
      event.detail.shouldSwap = false;
      window.location.reload();
    } else if (inUse(board)) {
      event.detail.shouldSwap = false;
    }
  });
})();
