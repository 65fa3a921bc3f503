// Improves the scan-to-pay page: shows the time a payment code has left, and reloads when it runs out
// (the server then offers a new code). Without JavaScript the page shows the expiry time instead.
(function () {
    var time = document.querySelector("time[data-countdown]");
    var left = document.querySelector("[data-countdown-left]");
    if (!time || !left) {
        return;
    }

    // Counted from the seconds the server says are left, not from the device's clock, which may be wrong.
    var end = performance.now() + Number(time.getAttribute("data-countdown")) * 1000;
    function tick() {
        var seconds = Math.max(0, Math.round((end - performance.now()) / 1000));
        left.textContent = " (" + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") + ")";
        if (seconds === 0) {
            window.location.reload();
            return;
        }

        window.setTimeout(tick, 1000);
    }

    tick();
})();
