"""Load every bpmn/forms/*.form in the real form-js viewer (headless Chromium) and submit it empty.

Each form must import without warnings and report its required fields as errors on an empty submit.
Needs `chromium` and `npm install @bpmn-io/form-js@1`: python3 bpmn/tools/check_forms.py /path/to/node_modules
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FORMS = os.path.join(os.path.dirname(HERE), 'forms')
SAMPLE_DATA = {  # variables the dynamic lists read (normally returned by case.open)
    'findingOptions': [{'label': 'Substantiated', 'value': 'SUBSTANTIATED'}],
    'agencyOptions': [{'label': 'Police', 'value': 'agency-1'}],
    'harmTestLimb4Applies': True,
}


def main():
    lib = open(os.path.join(sys.argv[1], '@bpmn-io', 'form-js', 'dist', 'form-viewer.umd.js')).read()
    schemas = {os.path.basename(f)[:-5]: json.load(open(f)) for f in sorted(glob.glob(os.path.join(FORMS, '*.form')))}
    html = """<html><body><pre id="out">running</pre><script>%s</script><script>
(async () => {
  const lines = [];
  for (const [id, schema] of Object.entries(%s)) {
    const c = document.createElement('div'); document.body.appendChild(c);
    try {
      const form = new FormViewer.Form({container: c});
      const result = await form.importSchema(schema, %s);
      const required = Object.keys(form.submit().errors).length;
      lines.push((result.warnings.length === 0 && required > 0 ? 'OK ' : 'BAD ') + id +
                 ' warnings=' + result.warnings.length + ' requiredErrorsOnEmptySubmit=' + required);
    } catch (e) { lines.push('BAD ' + id + ' ' + e.message); }
  }
  document.getElementById('out').textContent = lines.join('\\n');
})();
</script></body></html>""" % (lib, json.dumps(schemas), json.dumps(SAMPLE_DATA))
    with tempfile.NamedTemporaryFile('w', suffix='.html', delete=False) as page:
        page.write(html)
    try:
        dom = subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                              '--virtual-time-budget=15000', '--dump-dom', 'file://' + page.name],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(page.name)
    out = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1)
    print(out)
    if 'BAD' in out or 'running' in out:
        sys.exit(1)


if __name__ == '__main__':
    main()
