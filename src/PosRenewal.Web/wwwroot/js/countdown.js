// Improves the scan-to-pay page: shows the time a payment code has left, and reloads when it runs out
// (the server then offers a new code). Without JavaScript the page shows the expiry time instead.
(function () {
    var time = document.querySelector("time[data-countdown]");
    var left = document.querySelector("[data-countdown-left]");
    if (!time || !left) {
        return;
    }

    var end = Date.parse(time.getAttribute("datetime"));
    function tick() {
        var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
        left.textContent = " (" + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") + ")";
        if (seconds === 0) {
            window.location.reload();
            return;
        }

        window.setTimeout(tick, 1000);
    }

    tick();
})();
