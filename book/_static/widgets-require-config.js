// Loaded between require.js and the ipywidgets embed manager (embed-amd.js), on pages with widgets.
// embed-amd.js finds its own font files through the AMD module URL of
// "@jupyter-widgets/html-manager/dist/...", which require.js resolves against the page's folder.
// Map it to the vendored copy in _static/vendor/html-manager/ (next to this file), so the icons
// load from the book itself, on every page depth, offline.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (!here || typeof require === "undefined" || !require.config) {
    return;
  }
  var staticDir = here.slice(0, here.lastIndexOf("/") + 1);
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": staticDir + "vendor/html-manager" },
  });
})();
