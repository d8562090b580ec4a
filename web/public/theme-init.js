// Runs before the app so a chosen theme paints on the first frame (no flash
// of the other theme). An external file, because the page's CSP forbids
// inline script.
try {
  var t = localStorage.getItem("mailscope:theme");
  if (t === "light" || t === "dark") document.documentElement.dataset.theme = t;
} catch (e) {
  /* storage disabled: follow the system */
}
