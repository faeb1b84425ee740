// ipywidgets 8 typesets widget labels with the MathJax 2 call MathJax.Hub.Queue([...,  element]);
// the book serves MathJax 3, which has no Hub, so rendering a label would throw
// "Cannot read properties of undefined (reading 'Queue')". Provide that one call on top of
// MathJax 3's typesetPromise. Runs deferred after MathJax (priority 600 > 500) and before the
// embed manager renders the saved widgets.
(function () {
  var mj = window.MathJax;
  if (!mj || !mj.version || mj.Hub) {
    return; // no MathJax on this page, or MathJax 2 (which has its own Hub)
  }
  mj.Hub = {
    Queue: function () {
      var elements = [];
      Array.prototype.forEach.call(arguments, function (job) {
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          elements.push(job[2]);
        }
      });
      var ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
      return ready.then(function () {
        return mj.typesetPromise ? mj.typesetPromise(elements) : null;
      });
    },
  };
})();
