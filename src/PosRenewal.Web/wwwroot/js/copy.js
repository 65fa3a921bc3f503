// Shows "copy" buttons (they need JavaScript) next to links to hand on; without it the text can be selected by hand.
(function () {
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
        var source = document.getElementById(button.getAttribute("data-copy-from"));
        if (!source || !navigator.clipboard) {
            return;
        }

        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(source.value || source.textContent.trim()).then(function () {
                button.textContent = button.getAttribute("data-copied");
            });
        });
    });
})();
