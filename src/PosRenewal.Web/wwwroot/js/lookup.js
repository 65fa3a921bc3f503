// Improves the ICCID field: the numeric keypad suits almost every card; a China Unicom ICCID with letters
// needs the full keyboard, which this button opens. Without JavaScript the field still takes any text.
(function () {
    var input = document.getElementById("iccid");
    var toggle = document.querySelector("[data-keyboard-toggle]");
    if (!input || !toggle) {
        return;
    }

    toggle.hidden = false;
    toggle.addEventListener("click", function () {
        input.setAttribute("inputmode", "text");
        toggle.hidden = true;
        input.blur();
        input.focus();
    });
})();
