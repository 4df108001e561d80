"""Render bpmn/*.bpmn to docs/images/*.png with bpmn-js in headless Chromium.

Needs `chromium` on the PATH and bpmn-js installed somewhere (npm install bpmn-js@17); pass its
node_modules folder: python3 bpmn/tools/render.py /path/to/node_modules [scale]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BPMN = os.path.dirname(HERE)
IMAGES = os.path.join(os.path.dirname(BPMN), 'docs', 'images')


def render(src, out, lib, scale):
    xml = open(src).read()
    bounds = re.findall(r'<dc:Bounds x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"', xml)
    points = re.findall(r'<di:waypoint x="(-?[\d.]+)" y="(-?[\d.]+)"', xml)
    xs = [float(x) for x, *_ in bounds] + [float(x) + float(w) for x, y, w, h in bounds] + [float(x) for x, y in points]
    ys = [float(y) for x, y, *_ in bounds] + [float(y) + float(h) for x, y, w, h in bounds] + [float(y) for x, y in points]
    minx, miny, maxx, maxy = min(xs) - 60, min(ys) - 60, max(xs) + 80, max(ys) + 80
    width, height = int((maxx - minx) * scale), int((maxy - miny) * scale)
    html = """<html><head><style>html,body{margin:0;background:white} #c{width:%dpx;height:%dpx}</style></head>
<body><div id="c"></div><script>%s</script><script>
const viewer = new BpmnJS({container: '#c'});
viewer.importXML(%s).then(() => viewer.get('canvas').viewbox({x: %f, y: %f, width: %f, height: %f}))
  .catch(e => { document.body.innerText = 'ERROR ' + e; });
</script></body></html>""" % (width, height, lib, json.dumps(xml), minx, miny, maxx - minx, maxy - miny)
    with tempfile.NamedTemporaryFile('w', suffix='.html', delete=False) as page:
        page.write(html)
    try:
        subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                        '--hide-scrollbars', '--window-size=%d,%d' % (width, height), '--virtual-time-budget=8000',
                        '--screenshot=' + out, 'file://' + page.name], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.unlink(page.name)
    print(out, width, height)


def main():
    modules = sys.argv[1]
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 0.75
    lib = open(os.path.join(modules, 'bpmn-js', 'dist', 'bpmn-viewer.production.min.js')).read()
    os.makedirs(IMAGES, exist_ok=True)
    for f in sorted(os.listdir(BPMN)):
        if f.endswith('.bpmn'):
            render(os.path.join(BPMN, f), os.path.join(IMAGES, f[:-5] + '.png'), lib, scale)


if __name__ == '__main__':
    main()
