"""Write bpmn/*.bpmn and bpmn/forms/*.form from the process descriptions in this folder.

Usage: python3 bpmn/tools/build.py [output-dir]    (default: the bpmn/ folder above this script)
"""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import forms  # noqa: E402

PROCESSES = {  # module -> file name
    'lado': 'lado-allegation',
    'cdr': 'child-death-review',
    'scr': 'scr-referral',
    'cspr': 'practice-review',
    'escalation': 'deadline-escalation',
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE)
    problems = []
    for module, file_name in PROCESSES.items():
        mod = importlib.import_module(module)
        process = mod.build()
        mod.forms()
        with open(os.path.join(out, file_name + '.bpmn'), 'w') as fh:
            fh.write(process.to_xml())
        problems += ['%s: %s' % (file_name, p) for p in process.problems]
        print('wrote %s.bpmn (%s, %d elements, %d flows)' % (file_name, process.pid, len(process.nodes),
                                                            len(process.flows)))
    forms_dir = os.path.join(out, 'forms')
    for f in os.listdir(forms_dir) if os.path.isdir(forms_dir) else []:
        if f.endswith('.form') and f[:-5] not in forms.FORMS:
            os.remove(os.path.join(forms_dir, f))
    forms.write(forms_dir)
    print('wrote %d forms' % len(forms.FORMS))
    if problems:
        print('\n'.join('layout: ' + p for p in problems), file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
