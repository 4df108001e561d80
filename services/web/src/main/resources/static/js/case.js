// The case's process drawn by bpmn-js (the navigated viewer: pan and zoom), with the active steps highlighted, the
// completed ones marked and each active task's due date as an overlay. The bpmn.io watermark stays, as its licence asks.
(function () {
  var box = document.getElementById('diagram');
  if (!box) return;
  var status = document.getElementById('diagram-status');
  App.call('GET', '/cases/' + box.getAttribute('data-case-id') + '/diagram.json').then(function (r) {
    if (!r.ok) {
      // a 409 says why there is nothing to draw (start queued or refused, imported, no longer in the engine)
      status.textContent = r.json && r.json.missing
        ? 'The diagram is not available from the workflow service yet.'
        : r.status === 409 && r.json && r.json.message ? r.json.message : 'The diagram could not be shown.';
      status.id = 'diagram-missing';
      return;
    }
    var d = r.json;
    var viewer = new BpmnJS({ container: box, height: 480 });
    return viewer.importXML(d.bpmnXml).then(function () {
      status.remove();
      var canvas = viewer.get('canvas');
      var overlays = viewer.get('overlays');
      canvas.zoom('fit-viewport');
      (d.completedElements || []).forEach(function (id) {
        try { canvas.addMarker(id, 'app-completed'); } catch (e) { /* an element of another version */ }
      });
      var registry = viewer.get('elementRegistry');
      var firstTask = null;
      (d.activeElements || []).forEach(function (a) {
        try {
          var shape = registry.get(a.elementId);
          // a sub-process that is active because a step inside it is: outlined, so the step itself stands out
          var scope = shape && shape.type === 'bpmn:SubProcess';
          canvas.addMarker(a.elementId, scope ? 'app-active-scope' : 'app-active');
          if (!scope && !firstTask && shape) firstTask = shape;
          if (a.dueDate) {
            var due = new Date(a.dueDate);
            overlays.add(a.elementId, { position: { bottom: 0, left: 0 },
              html: '<span class="app-due-overlay">Due ' + due.toLocaleDateString('en-GB') + '</span>' });
          }
        } catch (e) { /* not in this diagram */ }
      });
      if (firstTask && typeof canvas.scrollToElement === 'function') {
        // a whole process fitted into the box is too small to read: show the current step at a readable size
        canvas.zoom(0.9);
        canvas.scrollToElement(firstTask);
      }
      box.setAttribute('data-active', (d.activeElements || []).map(function (a) { return a.elementId; }).join(' '));
    });
  }).catch(function (e) {
    status.textContent = 'The diagram could not be drawn: ' + e.message;
  });
})();
