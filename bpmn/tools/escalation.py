"""The escalation of a passed deadline, as a process of its own.

A case model's timer boundary only records the breach (`case-event.emit`, header `escalateTo`); that worker then
starts this process by message. Keeping the escalation task out of the case's own instance is what makes
"a breach never closes or blocks the case" hold even when the timer sits inside a subprocess: a task there
would keep the subprocess, and so the case, from moving on until a manager answered it.
"""
from bpmngen import Proc

MESSAGE = 'deadline.escalation.requested'


def build():
    p = Proc('deadline-escalation', 'Deadline passed: escalation to the next tier',
             doc='Started by case-event.emit for every deadline.breached whose model names a tier (header escalateTo). '
                 'Variables: caseId, timescaleId, escalateTo, escalationTurnaround, dueAt (the deadline that passed), '
                 'sourceProcessInstanceKey, sourceElementId.')
    p.start('Start_Breach', 'Deadline passed', 0, 1, message=MESSAGE)
    p.user('Escalate', 'Escalation: deadline passed', 1, 1, '=escalateTo',
           '=now() + duration(escalationTurnaround)', 'deadline-escalation',
           outputs=[('=escalationAction', 'escalationAction')], priority=80)
    p.end('EscalationDone', 'Escalation recorded', 2, 1)
    p.chain('Start_Breach', 'Escalate', 'EscalationDone')
    return p


def forms():
    # the deadline-escalation form is shared and registered in forms.py
    pass
