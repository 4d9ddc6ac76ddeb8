// The live board: htmx replaces it every 10 seconds, but never under the hands of someone using
// it (a room being typed, a button reached with the keyboard): the poll is skipped, or its answer
// dropped if it arrives meanwhile. A room typed and not submitted survives the swap: it is put back
// in the same card's field (same id) if the card is still there. A page that is not the board (the
// sign-in page after the session expired) is never swapped in: the page reloads instead. Each poll
// sends the version the board shows; the server answers 204 (nothing to swap) while it is current.
(function () {
  "use strict";
  var typedRooms = {};  // field id → room typed and not submitted, kept across one swap

  function isBoard(element) {
    return element instanceof Element && element.matches("[data-live-board]");
  }
  function inUse(board) { return board.contains(document.activeElement); }
  function roomFields(board) { return board.querySelectorAll('input[name="room"]'); }

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
    } else {
      typedRooms = {};
      roomFields(board).forEach(function (field) {
        if (field.value !== field.defaultValue) { typedRooms[field.id] = field.value; }
      });
    }
  });
  // Fired on the new board (hx-swap="outerHTML"): its fields show the server's values.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!isBoard(event.target)) { return; }
    roomFields(event.target).forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(typedRooms, field.id)) {
        field.value = typedRooms[field.id];
      }
    });
    typedRooms = {};
  });
})();
