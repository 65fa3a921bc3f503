// On a phone a data table becomes one block per row, each value under its column's name (site.css, .stacked):
// the column names are copied from the table's header into each cell. Without script such a table scrolls in
// its own box instead, and the page never scrolls sideways.
(function () {
    for (const table of document.querySelectorAll('table.orders')) {
        const names = Array.from(table.querySelectorAll('thead th'), th => th.querySelector('.visually-hidden') ? '' : th.textContent.trim());
        for (const row of table.querySelectorAll('tbody tr')) {
            Array.from(row.cells).forEach((cell, i) => {
                if (names[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[i]);
                // One box for the value, so that its words, links and names flow as one text beside the name.
                const value = document.createElement('span');
                value.className = 'cell';
                value.append(...cell.childNodes);
                cell.append(value);
            });
        }
        table.classList.add('stacked');
    }
})();
