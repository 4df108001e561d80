"""Small BPMN writer for Camunda 8 models: elements on an explicit grid, orthogonal edges, BPMN DI.

Positions are grid cells: column ``col`` (COLW px wide) and row ``row`` (ROWH px high); fractions are
allowed. Subprocess boxes are computed from their children. See README.md.
"""
from xml.sax.saxutils import escape, quoteattr
import json
import re

COLW, ROWH, X0, Y0 = 160, 110, 110, 110
SIZES = {'event': (36, 36), 'gateway': (50, 50), 'task': (100, 80)}


def q(s):
    return quoteattr(str(s))


DUE_VARIABLE = re.compile(r'\bdue([A-Z]\w*)')


def breach_at(expr):
    """A deadline timer fires at the first late instant, ``breachAt<ID>``, never at the due date ``due<ID>`` (the last
    instant on time) that tasks show: ``=dueL1a`` -> ``=breachAtL1a``. deadline.compute writes both."""
    return DUE_VARIABLE.sub(r'breachAt\1', expr)


class Node:
    def __init__(self, proc, id, kind, name, col, row, parent, **kw):
        self.proc, self.id, self.kind, self.name = proc, id, kind, name
        self.col, self.row, self.parent = col, row, parent
        self.kw = kw
        self.incoming, self.outgoing = [], []
        self.children = []
        self.bbox = None

    @property
    def shape(self):
        if self.kind in ('startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent'):
            return 'event'
        if self.kind.endswith('Gateway'):
            return 'gateway'
        if self.kind == 'subProcess':
            return 'sub'
        return 'task'

    def bounds(self):
        if self.bbox:
            return self.bbox
        w, h = SIZES[self.shape]
        if self.kind == 'boundaryEvent':
            hb = self.proc.nodes[self.kw['attached']].bounds()
            cx = X0 + self.col * COLW if self.col is not None else hb[0] + hb[2] / 2
            cy = hb[1] + hb[3]
            return (cx - w / 2, cy - h / 2, w, h)
        cx, cy = X0 + self.col * COLW, Y0 + self.row * ROWH
        return (cx - w / 2, cy - h / 2, w, h)


class Proc:
    def __init__(self, pid, name, version_tag=None, doc=None):
        self.pid, self.name, self.version_tag, self.doc = pid, name, version_tag, doc
        self.nodes = {}
        self.order = []
        self.flows = []
        self.messages = {}
        self.errors = {}
        self.scope = [None]
        self.fc = 0

    # ---------- scopes
    class _Scope:
        def __init__(self, proc, node):
            self.proc, self.node = proc, node

        def __enter__(self):
            self.proc.scope.append(self.node.id)
            return self.node

        def __exit__(self, *a):
            self.proc.scope.pop()

    def sub(self, id, name, **kw):
        n = self.add(id, 'subProcess', name, None, None, **kw)
        return Proc._Scope(self, n)

    def add(self, id, kind, name, col, row, **kw):
        assert id not in self.nodes, id
        n = Node(self, id, kind, name, col, row, self.scope[-1], **kw)
        self.nodes[id] = n
        self.order.append(id)
        if n.parent:
            self.nodes[n.parent].children.append(id)
        return n

    # ---------- element helpers
    def start(self, id, name, col, row, message=None, timer=None, **kw):
        if message:
            self.message(message)
        return self.add(id, 'startEvent', name, col, row, message=message, timer=timer, **kw)

    def end(self, id, name, col, row, terminate=False, **kw):
        return self.add(id, 'endEvent', name, col, row, terminate=terminate, **kw)

    def service(self, id, name, col, row, type, headers=None, inputs=None, outputs=None, kind='serviceTask', **kw):
        return self.add(id, kind, name, col, row, type=type, headers=headers or {}, inputs=inputs or [],
                        outputs=outputs or [], **kw)

    def send(self, id, name, col, row, type, **kw):
        return self.service(id, name, col, row, type, kind='sendTask', **kw)

    def script(self, id, name, col, row, expression, result, **kw):
        return self.add(id, 'scriptTask', name, col, row, expression=expression, result=result, **kw)

    def user(self, id, name, col, row, group, due, form, outputs, inputs=None, priority=None, **kw):
        return self.add(id, 'userTask', name, col, row, group=group, due=due, form=form, outputs=outputs,
                        inputs=inputs or [], priority=priority, **kw)

    def receive(self, id, name, col, row, message, key, **kw):
        message = self.message(message, key)
        return self.add(id, 'receiveTask', name, col, row, message=message, **kw)

    def catch(self, id, name, col, row, message=None, key=None, timer=None, **kw):
        if message:
            message = self.message(message, key)
        return self.add(id, 'intermediateCatchEvent', name, col, row, message=message, timer=timer, **kw)

    def throw_msg(self, id, name, col, row, type, headers=None, inputs=None, outputs=None, **kw):
        return self.add(id, 'intermediateThrowEvent', name, col, row, msgjob=True, type=type, headers=headers or {},
                        inputs=inputs or [], outputs=outputs or [], **kw)

    def gw(self, id, name, col, row, kind='exclusive', **kw):
        return self.add(id, kind + 'Gateway', name, col, row, **kw)

    def boundary(self, id, name, attached, timer=None, message=None, key=None, error=None, interrupting=False, col=None,
                 **kw):
        if message:
            message = self.message(message, key)
        # boundary belongs to the scope of its host
        host = self.nodes[attached]
        n = Node(self, id, 'boundaryEvent', name, col, None, host.parent, attached=attached, timer=timer,
                 message=message, error=error, interrupting=interrupting, **kw)
        self.nodes[id] = n
        self.order.append(id)
        if n.parent:
            self.nodes[n.parent].children.append(id)
        return n

    def message(self, name, key=None):
        """Registers a message definition and returns its reference for ``message=``. The correlation key belongs
        to the definition, so a second key for the same name (SCR: agency information and IMRs both wait for
        agency-request.returned) gets a definition of its own, ``Message_<name>_2``; the name stays the same."""
        ref, n = name, 1
        while key and self.messages.get(ref, (name, None))[1] not in (None, key):
            n += 1
            ref = '%s#%d' % (name, n)
        if ref not in self.messages or key:
            self.messages[ref] = (name, key)
        return ref

    def flow(self, src, tgt, name=None, cond=None, default=False, via=None, loop=None):
        self.fc += 1
        fid = 'Flow_%s_%s' % (src, tgt)
        if any(f['id'] == fid for f in self.flows):
            fid += '_%d' % self.fc
        f = dict(id=fid, src=src, tgt=tgt, name=name, cond=cond, default=default, via=via, loop=loop)
        self.flows.append(f)
        self.nodes[src].outgoing.append(f)
        self.nodes[tgt].incoming.append(f)
        if default:
            self.nodes[src].kw['default'] = fid
        return f

    def further_referral(self, group, col, row):
        """Event subprocess: a further referral naming this case (intake message ``referral-received``)."""
        with self.sub('EventSub_FurtherReferral', 'Further referral received', event=True):
            self.start('Start_FurtherReferral', 'Further referral names this case', col, row,
                       message='referral-received', interrupting=False)
            self.message('referral-received', '=caseId')
            self.user('ReviewFurtherReferral', 'Review the further referral', col + 1, row, group,
                      '=now() + duration(defaultTaskTurnaround)', 'further-referral',
                      outputs=[('=furtherReferralAction', 'lastFurtherReferralAction')])
            self.end('End_FurtherReferral', 'Reviewed', col + 2, row)
            self.chain('Start_FurtherReferral', 'ReviewFurtherReferral', 'End_FurtherReferral')

    def chain(self, *ids):
        for a, b in zip(ids, ids[1:]):
            self.flow(a, b)

    def escalate(self, host, tsid, time_date, group, label, task_name, col=None, row=None, event_form='deadline-escalation',
                 attach_col=None, timescale_expr=None):
        """Non-interrupting timer boundary -> emit deadline.breached (header escalateTo = the next tier) -> end.

        The escalation task itself is a `deadline-escalation` instance the worker starts (escalation.py): inside
        this model it would hold up the subprocess (and so the case) the timer sits in until a manager answered.
        ``task_name`` and ``event_form`` stay in the signature for the callers' documentation of the tier's task.
        ``timescale_expr`` is a FEEL expression for the timescale id when one timer serves two timescales (e.g.
        L2a/L2b); otherwise the id is a task header."""
        h = self.nodes[host]
        c = col if col is not None else (attach_col if attach_col is not None else h.col)
        r = row if row is not None else h.row + 1.1
        bid = 'Timer_%s_%s' % (tsid.replace('-', ''), host)
        saved = self.scope
        self.scope = saved + [h.parent]
        self.boundary(bid, '%s deadline passed' % tsid, host, timer=('timeDate', time_date), col=c,
                      doc='%s. Non-interrupting: the case carries on; the escalation to %s is a process of its own.'
                          % (label or task_name, group))
        ts_input = [(timescale_expr, 'timescaleId')] if timescale_expr else []
        emit_headers = {'eventType': 'deadline.breached', 'escalateTo': group}
        if not timescale_expr:
            emit_headers['timescaleId'] = tsid
        emit = self.service('Emit_%s_%s' % (tsid.replace('-', ''), host), 'Record %s breach, escalate' % tsid.replace('-', ' / '),
                            c, r, type='case-event.emit', headers=emit_headers, inputs=ts_input)
        end = self.end('EscalationDone_%s_%s' % (tsid.replace('-', ''), host), 'Escalated', c + 0.5, r)
        self.scope = saved
        self.chain(bid, emit.id, end.id)
        return bid

    # ---------- layout
    def layout(self):
        # compute subprocess boxes bottom-up
        def box(nid):
            n = self.nodes[nid]
            if n.kind != 'subProcess':
                return n.bounds()
            xs, ys, xe, ye = [], [], [], []
            for c in n.children:
                b = box(c)
                xs.append(b[0]); ys.append(b[1]); xe.append(b[0] + b[2]); ye.append(b[1] + b[3])
            pad = n.kw.get('pad', (40, 45, 40, 30))
            x, y = min(xs) - pad[0], min(ys) - pad[1]
            n.bbox = (x, y, max(xe) + pad[2] - x, max(ye) + pad[3] - y)
            return n.bbox
        for nid in self.order:
            if self.nodes[nid].kind == 'subProcess' and self.nodes[nid].parent is None:
                box(nid)

    def route(self, f):
        s, t = self.nodes[f['src']], self.nodes[f['tgt']]
        sb, tb = s.bounds(), t.bounds()
        scx, scy = sb[0] + sb[2] / 2, sb[1] + sb[3] / 2
        tcx, tcy = tb[0] + tb[2] / 2, tb[1] + tb[3] / 2
        sr, tl = sb[0] + sb[2], tb[0]
        if t.kind == 'subProcess' and tb[1] + 20 < scy < tb[1] + tb[3] - 20:
            tcy = scy
        if s.kind == 'subProcess' and sb[1] + 20 < tcy < sb[1] + sb[3] - 20:
            scy = tcy
        if f['via']:
            pts = [(X0 + c * COLW, Y0 + r * ROWH) for c, r in f['via']]  # via points are grid positions
            first = pts[0]
            if first[1] > sb[1] + sb[3]:
                start = (scx, sb[1] + sb[3])
            elif first[1] < sb[1]:
                start = (scx, sb[1])
            elif first[0] < sb[0]:
                start = (sb[0], scy)
            else:
                start = (sr, scy)
            last = pts[-1]
            if last[1] < tb[1]:
                end = (tcx, tb[1])
            elif last[1] > tb[1] + tb[3]:
                end = (tcx, tb[1] + tb[3])
            elif last[0] > tcx:
                end = (tb[0] + tb[2], tcy)
            else:
                end = (tl, tcy)
            return [start] + pts + [end]
        if s.kind == 'boundaryEvent':
            if abs(scx - tcx) < 2:
                return [(scx, sb[1] + sb[3]), (tcx, tb[1])]
            return [(scx, sb[1] + sb[3]), (scx, tcy), (tl, tcy)]
        if abs(scy - tcy) < 2 and tl >= sr:
            return [(sr, scy), (tl, tcy)]
        if abs(scx - tcx) < 2:
            if tcy > scy:
                return [(scx, sb[1] + sb[3]), (tcx, tb[1])]
            return [(scx, sb[1]), (tcx, tb[1] + tb[3])]
        if f['loop'] or tl < sr:
            if f['loop'] == 'below':
                y = max(sb[1] + sb[3], tb[1] + tb[3]) + 30
                return [(scx, sb[1] + sb[3]), (scx, y), (tcx, y), (tcx, tb[1] + tb[3])]
            y = min(sb[1], tb[1]) - 30
            return [(scx, sb[1]), (scx, y), (tcx, y), (tcx, tb[1])]
        if s.shape == 'gateway' and not (t.shape == 'gateway' and len(t.incoming) > 1 and len(s.outgoing) == 1):
            sy = sb[1] + sb[3] if tcy > scy else sb[1]
            return [(scx, sy), (scx, tcy), (tl, tcy)]
        if t.shape == 'gateway' and len(t.incoming) > 1:
            ty = tb[1] if scy < tcy else tb[1] + tb[3]
            return [(sr, scy), (tcx, scy), (tcx, ty)]
        mx = (sr + tl) / 2
        return [(sr, scy), (mx, scy), (mx, tcy), (tl, tcy)]

    # ---------- XML
    def xml_node(self, n, ind):
        p = ' ' * ind
        attrs = 'id=%s' % q(n.id)
        if n.name:
            attrs += ' name=%s' % q(n.name)
        kw = n.kw
        tag = n.kind
        if n.kind == 'boundaryEvent':
            attrs += ' cancelActivity=%s attachedToRef=%s' % (q('true' if kw['interrupting'] else 'false'), q(kw['attached']))
        if n.kind.endswith('Gateway') and kw.get('default'):
            attrs += ' default=%s' % q(kw['default'])
        if n.kind == 'subProcess' and kw.get('event'):
            attrs += ' triggeredByEvent="true"'
        if n.kind == 'receiveTask':
            attrs += ' messageRef=%s' % q(self.msg_id(kw['message']))
        if n.kind == 'startEvent' and kw.get('interrupting') is False:
            attrs += ' isInterrupting="false"'
        ext = []
        if 'type' in kw:
            ext.append('<zeebe:taskDefinition type=%s retries="3" />' % q(kw['type']))
        if n.kind == 'scriptTask':
            ext.append('<zeebe:script expression=%s resultVariable=%s />' % (q(kw['expression']), q(kw['result'])))
        if n.kind == 'userTask':
            ext.append('<zeebe:userTask />')
            ext.append('<zeebe:formDefinition formId=%s />' % q(kw['form']))
            ext.append('<zeebe:assignmentDefinition candidateGroups=%s />' % q(kw['group']))
            ext.append('<zeebe:taskSchedule dueDate=%s />' % q(kw['due']))
            if kw.get('priority') is not None:
                ext.append('<zeebe:priorityDefinition priority="%d" />' % kw['priority'])
        if n.kind == 'callActivity':
            ext.append('<zeebe:calledElement processId=%s propagateAllChildVariables="false" />' % q(kw['called']))
        if kw.get('headers'):
            ext.append('<zeebe:taskHeaders>' + ''.join(
                '<zeebe:header key=%s value=%s />' % (q(k), q(v)) for k, v in kw['headers'].items()) + '</zeebe:taskHeaders>')
        ins, outs = kw.get('inputs') or [], kw.get('outputs') or []
        if ins or outs:
            ext.append('<zeebe:ioMapping>' + ''.join('<zeebe:input source=%s target=%s />' % (q(s), q(t)) for s, t in ins)
                       + ''.join('<zeebe:output source=%s target=%s />' % (q(s), q(t)) for s, t in outs) + '</zeebe:ioMapping>')
        mi = kw.get('mi')
        out = ['%s<bpmn:%s %s>' % (p, tag, attrs)]
        if n.kw.get('doc'):
            out.append('%s  <bpmn:documentation>%s</bpmn:documentation>' % (p, escape(n.kw['doc'])))
        if ext:
            out.append('%s  <bpmn:extensionElements>' % p)
            out += ['%s    %s' % (p, e) for e in ext]
            out.append('%s  </bpmn:extensionElements>' % p)
        for f in n.incoming:
            out.append('%s  <bpmn:incoming>%s</bpmn:incoming>' % (p, f['id']))
        for f in n.outgoing:
            out.append('%s  <bpmn:outgoing>%s</bpmn:outgoing>' % (p, f['id']))
        if mi:
            out.append('%s  <bpmn:multiInstanceLoopCharacteristics%s>' % (p, '' if mi.get('parallel', True) else ' isSequential="true"'))
            a = 'inputCollection=%s inputElement=%s' % (q(mi['collection']), q(mi['element']))
            if mi.get('outCollection'):
                a += ' outputCollection=%s outputElement=%s' % (q(mi['outCollection']), q(mi['outElement']))
            out.append('%s    <bpmn:extensionElements><zeebe:loopCharacteristics %s /></bpmn:extensionElements>' % (p, a))
            out.append('%s  </bpmn:multiInstanceLoopCharacteristics>' % p)
        if n.kind == 'subProcess':
            for c in n.children:
                out += self.xml_node(self.nodes[c], ind + 2)
            for f in self.flows:
                if self.nodes[f['src']].parent == n.id:
                    out += self.xml_flow(f, ind + 2)
        # event definitions
        if kw.get('message') and n.kind != 'receiveTask':
            out.append('%s  <bpmn:messageEventDefinition id=%s messageRef=%s />' % (p, q('MED_' + n.id), q(self.msg_id(kw['message']))))
        if kw.get('msgjob'):
            out.append('%s  <bpmn:messageEventDefinition id=%s />' % (p, q('MED_' + n.id)))
        if kw.get('timer'):
            tt, expr = kw['timer']
            if tt == 'timeDate':
                expr = breach_at(expr)
            out.append('%s  <bpmn:timerEventDefinition id=%s><bpmn:%s xsi:type="bpmn:tFormalExpression">%s</bpmn:%s></bpmn:timerEventDefinition>'
                       % (p, q('TED_' + n.id), tt, escape(expr), tt))
        if kw.get('error'):
            self.errors[kw['error']] = kw['error']
            out.append('%s  <bpmn:errorEventDefinition id=%s errorRef=%s />' % (p, q('EED_' + n.id), q('Error_' + kw['error'])))
        if kw.get('terminate'):
            out.append('%s  <bpmn:terminateEventDefinition id=%s />' % (p, q('TERM_' + n.id)))
        out.append('%s</bpmn:%s>' % (p, tag))
        return out

    def xml_flow(self, f, ind):
        p = ' ' * ind
        a = 'id=%s sourceRef=%s targetRef=%s' % (q(f['id']), q(f['src']), q(f['tgt']))
        if f['name']:
            a += ' name=%s' % q(f['name'])
        if f['cond']:
            return ['%s<bpmn:sequenceFlow %s>' % (p, a),
                    '%s  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression>' % (p, escape(f['cond'])),
                    '%s</bpmn:sequenceFlow>' % p]
        return ['%s<bpmn:sequenceFlow %s />' % (p, a)]

    def msg_id(self, ref):
        return 'Message_' + ref.replace('.', '_').replace('-', '_').replace('#', '_')

    def to_xml(self):
        self.layout()
        o = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
             'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
             'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
             'xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'id="Definitions_%s" targetNamespace="https://opensafeguarding.org/bpmn" exporter="opensafeguarding bpmn tools" '
             'exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">' % self.pid.replace('-', '_')]
        o.append('  <bpmn:process id=%s name=%s isExecutable="true">' % (q(self.pid), q(self.name)))
        ext = []
        if self.version_tag:
            ext.append('<zeebe:versionTag value=%s />' % q(self.version_tag))
        if self.doc:
            o.append('    <bpmn:documentation>%s</bpmn:documentation>' % escape(self.doc))
        if ext:
            o.append('    <bpmn:extensionElements>' + ''.join(ext) + '</bpmn:extensionElements>')
        for nid in self.order:
            if self.nodes[nid].parent is None:
                o += self.xml_node(self.nodes[nid], 4)
        for f in self.flows:
            if self.nodes[f['src']].parent is None:
                o += self.xml_flow(f, 4)
        o.append('  </bpmn:process>')
        for ref, (name, key) in self.messages.items():
            m = '  <bpmn:message id=%s name=%s' % (q(self.msg_id(ref)), q(name))
            if key:
                m += '><bpmn:extensionElements><zeebe:subscription correlationKey=%s /></bpmn:extensionElements></bpmn:message>' % q(key)
            else:
                m += ' />'
            o.append(m)
        for e in self.errors:
            o.append('  <bpmn:error id=%s name=%s errorCode=%s />' % (q('Error_' + e), q(e), q(e)))
        o.append('  <bpmndi:BPMNDiagram id="BPMNDiagram_1">')
        o.append('    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement=%s>' % q(self.pid))
        for nid in self.order:
            n = self.nodes[nid]
            x, y, w, h = n.bounds()
            extra = ' isExpanded="true"' if n.kind == 'subProcess' else ''
            if n.kind == 'exclusiveGateway':
                extra += ' isMarkerVisible="true"'
            label = ''
            if n.name and n.kind == 'boundaryEvent':
                label = '<bpmndi:BPMNLabel><dc:Bounds x="%d" y="%d" width="86" height="27" /></bpmndi:BPMNLabel>' % (x + w / 2 + 6, y + h / 2 + 3)
            elif n.name and n.shape == 'gateway':
                label = '<bpmndi:BPMNLabel><dc:Bounds x="%d" y="%d" width="96" height="40" /></bpmndi:BPMNLabel>' % (x - 92, y - 38)
            o.append('      <bpmndi:BPMNShape id="%s_di" bpmnElement=%s%s><dc:Bounds x="%d" y="%d" width="%d" height="%d" />%s</bpmndi:BPMNShape>'
                     % (nid, q(nid), extra, x, y, w, h, label))
        for f in self.flows:
            pts = self.route(f)
            o.append('      <bpmndi:BPMNEdge id="%s_di" bpmnElement=%s>%s</bpmndi:BPMNEdge>' % (
                f['id'], q(f['id']), ''.join('<di:waypoint x="%d" y="%d" />' % (a, b) for a, b in pts)))
        o.append('    </bpmndi:BPMNPlane>')
        o.append('  </bpmndi:BPMNDiagram>')
        o.append('</bpmn:definitions>')
        self.problems = self.check_overlaps()
        return '\n'.join(o) + '\n'

    def check_overlaps(self):
        """Layout problems: overlapping shapes, shapes outside their subprocess or inside a foreign one."""
        problems = []
        items = [(nid, self.nodes[nid].bounds()) for nid in self.order
                 if self.nodes[nid].kind not in ('subProcess', 'boundaryEvent')]
        for i, (a, ba) in enumerate(items):
            for b, bb in items[i + 1:]:
                if ba[0] < bb[0] + bb[2] + 5 and bb[0] < ba[0] + ba[2] + 5 and ba[1] < bb[1] + bb[3] + 5 and bb[1] < ba[1] + ba[3] + 5:
                    problems.append('overlap: %s / %s' % (a, b))
        # nodes outside their subprocess / inside a foreign subprocess
        subs = [n for n in self.nodes.values() if n.kind == 'subProcess']
        for nid, b in items:
            n = self.nodes[nid]
            for s in subs:
                sb = s.bbox
                inside = sb[0] < b[0] and b[0] + b[2] < sb[0] + sb[2] and sb[1] < b[1] and b[1] + b[3] < sb[1] + sb[3]
                touches = sb[0] < b[0] + b[2] and b[0] < sb[0] + sb[2] and sb[1] < b[1] + b[3] and b[1] < sb[1] + sb[3]
                anc = self.ancestors(n)
                if s.id in anc and not inside:
                    problems.append('outside its subprocess: %s / %s' % (nid, s.id))
                if s.id not in anc and touches:
                    problems.append('inside a foreign subprocess: %s / %s' % (nid, s.id))
        return problems

    def ancestors(self, n):
        r = []
        while n.parent:
            r.append(n.parent)
            n = self.nodes[n.parent]
        return r
