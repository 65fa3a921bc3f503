// A page that waits for something (a payment, the carrier, an import) asks for its own state every 3 seconds
// (?handler=State, a light answer that no rate limit counts) and reloads when the state changes.
// Without script the page's own "Refresh" link does the same by hand.
(function () {
    var marker = document.querySelector('[data-poll-state]');
    if (!marker || !window.fetch) {
        return;
    }
    var url = new URL(window.location.href);
    url.searchParams.set('handler', 'State');
    var timer = window.setInterval(function () {
        window.fetch(url, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (state) {
                if (state !== null && state !== marker.getAttribute('data-poll-state')) {
                    window.clearInterval(timer);
                    window.location.reload();
                }
            })
            .catch(function () { /* offline for a moment: try again at the next tick */ });
    }, 3000);
})();
