"""Contract tables (user tasks, jobs, timers) from the BPMN files, for docs/processes.md.

Usage: python3 bpmn/tools/contract_tables.py            rewrite the generated sections of docs/processes.md
       python3 bpmn/tools/contract_tables.py FILE.bpmn  print the tables for one model
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
B='{http://www.omg.org/spec/BPMN/20100524/MODEL}'; Z='{http://camunda.org/schema/zeebe/1.0}'
def esc(s): return s.replace('|','\\|')
def tables(path):
    root=ET.parse(path).getroot()
    out_u=['| Element id | Task | Candidate group | Due date | Form | Writes (output mappings) |','|---|---|---|---|---|---|']
    out_j=['| Element id | Step | Job type | Headers | Inputs |','|---|---|---|---|---|']
    for el in root.iter():
        tag=el.tag.replace(B,'')
        if not el.tag.startswith(B): continue
        ext=el.find(B+'extensionElements')
        if tag=='userTask':
            a=ext.find(Z+'assignmentDefinition').get('candidateGroups'); d=ext.find(Z+'taskSchedule').get('dueDate'); f=ext.find(Z+'formDefinition').get('formId')
            outs=[o.get('target') for o in ext.iter(Z+'output')]
            if el.get('id').startswith('Escalate_'): continue
            out_u.append('| `%s` | %s | `%s` | `%s` | `%s` | %s |'%(el.get('id'),esc(el.get('name')),a,esc(d),f,', '.join('`%s`'%o for o in outs)))
        elif ext is not None and ext.find(Z+'taskDefinition') is not None and tag!='multiInstanceLoopCharacteristics':
            if el.get('id').startswith('Emit_') and el.get('id') not in ('Emit_L1','Emit_C1'): continue
            t=ext.find(Z+'taskDefinition').get('type')
            hs=', '.join('`%s=%s`'%(h.get('key'),h.get('value')) for h in ext.iter(Z+'header'))
            ins=', '.join('`%s`'%i.get('target') for i in ext.iter(Z+'input'))
            out_j.append('| `%s` | %s | `%s` | %s | %s |'%(el.get('id'),esc(el.get('name')),t,hs,ins))
    return '\n'.join(out_u), '\n'.join(out_j)
def next_name(root, el, ids):
    for f in root.iter(B + 'sequenceFlow'):
        if f.get('sourceRef') == el.get('id'):
            return ids[f.get('targetRef')].get('name')
    return ''


def timers(path):
    root=ET.parse(path).getroot()
    ids={e.get('id'):e for e in root.iter() if e.get('id')}
    rows=['| Boundary | On | Timer | On breach | Escalated to |','|---|---|---|---|---|']
    for el in root.iter(B+'boundaryEvent'):
        td=el.find(B+'timerEventDefinition')
        if td is None: continue
        expr=[c for c in td][0]
        host=ids[el.get('attachedToRef')].get('name')
        emit=ids.get(el.get('id').replace('Timer_','Emit_'))
        group=''
        if emit is not None and emit.find(B+'extensionElements') is not None:
            th=emit.find(B+'extensionElements').find(Z+'taskHeaders')
            for h in (th if th is not None else []):
                if h.get('key')=='escalateTo': group=h.get('value')
        rows.append('| `%s` | %s | %s `%s` | %s | %s |' % (el.get('id'), esc(host), expr.tag.replace(B, ''), esc(expr.text),
                                                         esc(next_name(root, el, ids)),
                                                         '`deadline-escalation` task for `%s`' % group if group else '—'))
    return '\n'.join(rows)
def section(path):
    u, j = tables(path)
    return ('#### User tasks\n\n' + u + '\n\n#### Jobs (service, send and message-throw tasks)\n\n' + j +
            '\n\nBreach handlers (`Emit_*` → `EscalationDone_*`; the escalation task is a `deadline-escalation` instance, §1.3) are not repeated here: see the timer table.\n\n'
            '#### Timer boundary events\n\n' + timers(path) + '\n')


def update_docs():
    here = os.path.dirname(os.path.abspath(__file__))
    bpmn = os.path.dirname(here)
    doc_path = os.path.join(os.path.dirname(bpmn), 'docs', 'processes.md')
    doc = open(doc_path).read()

    def fill(m):
        name = m.group(1)
        return '<!-- generated:%s -->\n%s<!-- /generated -->' % (name, section(os.path.join(bpmn, name + '.bpmn')))
    doc = re.sub(r'<!-- generated:([a-z-]+) -->.*?<!-- /generated -->', fill, doc, flags=re.S)
    open(doc_path, 'w').write(doc)
    print('updated', doc_path)


if __name__ == '__main__':
    if len(sys.argv) > 1:
        print(section(sys.argv[1]))
    else:
        update_docs()
