// Shows the print button (it needs JavaScript); without it the browser's own print command works the same.
(function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
    });
})();
