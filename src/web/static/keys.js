// Optional keyboard navigation for archive pages; every page works the same without it.
//   j / k   next / previous message (or day, month… on pages whose nav row has rel=next/prev)
//   n / p   next / previous message in the thread
//   u       up one level (message → day → month → year → list)
// It only follows the links of the page's own navigation row (`<nav class="nav">`, see
// docs/css-classes.md), never links inside a mail: sanitised mail has no class, id or rel of its
// own, and looking only inside nav.nav keeps it that way even if that ever changed.
// Served from 'self' under the CSP: no inline handlers, no eval, nothing stored or sent.
(() => {
  const RELS = { j: 'next', k: 'prev', n: 'thread-next', p: 'thread-prev', u: 'up' };

  /** True while the reader is typing somewhere: keys belong to the field then. */
  function typing(target) {
    if (!(target instanceof Element)) return false;
    return (
      target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null
    );
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!Object.hasOwn(RELS, event.key) || typing(event.target)) return;
    const link = document.querySelector(`nav.nav a[rel~="${RELS[event.key]}"][href]`);
    if (link === null) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
