// The task's Camunda form drawn by form-js, filled with what the case knows (and the person's draft), submitted to
// the tasklist's own validation. Its 400 is shown the GOV.UK way: an error summary linking to each field, and the
// message beside the field. While typing, the values are kept as a server-side draft, so an ended session loses
// nothing: after signing in again the draft fills the form.
(function () {
  var root = document.getElementById('task-form');
  if (!root) return;
  var key = root.getAttribute('data-task-key');
  var submit = document.getElementById('submit-task');
  var summary = document.getElementById('form-errors');
  var list = document.getElementById('form-error-list');
  var draftStatus = document.getElementById('draft-status');
  var form = null;
  var schema = null;
  var draftsAvailable = true;
  var draftTimer = null;

  function components(node, out) {
    (node.components || []).forEach(function (c) {
      out.push(c);
      components(c, out);
    });
    return out;
  }

  function fieldByKey(fieldKey) {
    return components(schema, []).filter(function (c) { return c.key === fieldKey; })[0];
  }

  function inputId(component) {
    return 'fjs-form-' + form._id + '-' + component.id;
  }

  /** The error in the words of the field's label, GOV.UK style; the service's own message otherwise. */
  function wording(component, e) {
    var label = component && component.label ? component.label : null;
    if (!label) return e.message || (e.field + ': ' + e.rule);
    var lower = label.charAt(0).toLowerCase() + label.slice(1);
    if (e.rule === 'required') {
      if (component.type === 'checkbox') return 'Tick ' + lower;
      if (['select', 'radio', 'checklist', 'taglist', 'datetime'].indexOf(component.type) >= 0) return 'Select ' + lower;
      return 'Enter ' + lower;
    }
    return label + ': ' + (e.message || e.rule).replace(e.field, 'this field');
  }

  function clearErrors() {
    summary.hidden = true;
    list.innerHTML = '';
    Array.prototype.forEach.call(root.querySelectorAll('.app-field-error'), function (e) { e.remove(); });
    Array.prototype.forEach.call(root.querySelectorAll('.govuk-form-group--error'), function (e) {
      e.classList.remove('govuk-form-group--error');
    });
  }

  function showErrors(errors, message) {
    clearErrors();
    if (!errors.length) {
      list.appendChild(App.el('li', {}, message || 'The task could not be completed.'));
    }
    errors.forEach(function (e) {
      var component = fieldByKey(e.field);
      var text = wording(component, e);
      var li = App.el('li');
      var input = component ? document.getElementById(inputId(component)) : null;
      if (input) {
        var a = App.el('a', { href: '#' + input.id }, text);
        li.appendChild(a);
        var field = input.closest('.fjs-form-field') || input.parentNode;
        field.classList.add('govuk-form-group--error');
        var p = App.el('p', { 'class': 'govuk-error-message app-field-error', id: input.id + '-server-error',
          'data-field': e.field });
        p.appendChild(App.el('span', { 'class': 'govuk-visually-hidden' }, 'Error: '));
        p.appendChild(document.createTextNode(text));
        var label = field.querySelector('label');
        if (label && label.parentNode === field) label.after(p); else field.insertBefore(p, field.firstChild);
        input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + p.id).trim());
      } else {
        li.textContent = text;
      }
      list.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
  }

  function values() {
    // the form's own values, without form-js's client checks: the tasklist's validation is the one of record
    return typeof form._getSubmitData === 'function' ? form._getSubmitData() : form.submit().data;
  }

  function saveDraft() {
    if (!draftsAvailable) return;
    App.call('PUT', '/tasks/' + key + '/draft', values()).then(function (r) {
      if (r.status === 401) {
        draftStatus.textContent = 'Your sign-in has ended. Your last saved draft is kept: sign in again to go on.';
      } else if (r.json && r.json.available === false) {
        draftsAvailable = false;
        draftStatus.textContent = 'Drafts are not kept by the workflow service yet: submit before you leave.';
      } else if (r.json && r.json.saved) {
        draftStatus.textContent = 'Draft saved at ' + new Date().toLocaleTimeString('en-GB');
      }
    });
  }

  App.call('GET', '/tasks/' + key + '/form-data').then(function (r) {
    var loading = document.getElementById('form-loading');
    if (!r.ok) {
      loading.textContent = r.status === 401 ? 'Your sign-in has ended: reload the page to sign in again.'
        : (r.json && r.json.message) || 'The form could not be loaded.';
      return;
    }
    schema = r.json.schema;
    draftsAvailable = r.json.draftsAvailable;
    form = new FormViewer.Form({ container: root });
    return form.importSchema(schema, r.json.data).then(function () {
      loading.remove();
      submit.disabled = false;
      if (r.json.draftRestored) draftStatus.textContent = 'Your draft has been restored.';
      if (!draftsAvailable) draftStatus.textContent = 'Drafts are not kept by the workflow service yet: submit before you leave.';
      form.on('changed', function () {
        clearTimeout(draftTimer);
        draftTimer = setTimeout(saveDraft, 800);
      });
    });
  }).catch(function (e) {
    document.getElementById('form-loading').textContent = 'The form could not be drawn: ' + e.message;
  });

  submit.addEventListener('click', function () {
    submit.disabled = true;
    App.call('POST', '/tasks/' + key + '/completion', values()).then(function (r) {
      if (r.ok) {
        window.location.assign('/tasks/' + key + '/next');
        return;
      }
      submit.disabled = false;
      if (r.status === 401) {
        saveDraft();
        showErrors([], 'Your sign-in has ended. What you typed is kept as a draft: sign in again, then submit.');
        return;
      }
      showErrors((r.json && r.json.errors) || [], r.json && r.json.message);
    }, function () {
      submit.disabled = false;
      showErrors([], 'The service could not be reached. Nothing was lost: try again.');
    });
  });
})();
