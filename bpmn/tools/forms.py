import json, itertools
_c = itertools.count(1)

def _id():
    return 'Field_%04d' % next(_c)

def heading(text):
    return {'type': 'text', 'id': _id(), 'text': text}

def check(key, label, desc=None, hide=None):
    c = {'type': 'checkbox', 'id': _id(), 'key': key, 'label': label, 'defaultValue': False}
    if desc: c['description'] = desc
    if hide: c['conditional'] = {'hide': hide}
    return c

def select(key, label, values, required=True, desc=None, hide=None, values_key=None):
    c = {'type': 'select', 'id': _id(), 'key': key, 'label': label}
    if values_key:
        c['valuesKey'] = values_key
    else:
        c['values'] = [{'label': l, 'value': v} for v, l in values]
    if required: c['validate'] = {'required': True}
    if desc: c['description'] = desc
    if hide: c['conditional'] = {'hide': hide}
    return c

def radio(key, label, values, required=True, desc=None):
    c = select(key, label, values, required, desc)
    c['type'] = 'radio'
    return c

def checklist(key, label, values_key, required=True, desc=None):
    c = {'type': 'checklist', 'id': _id(), 'key': key, 'label': label, 'valuesKey': values_key}
    if required: c['validate'] = {'required': True}
    if desc: c['description'] = desc
    return c

# Every date field says what it records (docs/tasklist.md, "Business dates"): 'happened' (a business date: when
# something was done; not in the future, not before the case began, judges the task's deadline and goes on the
# case events) or 'planned' (a date set for later). A new date field must be added to one of these lists.
HAPPENED_DATES = {'assignedOn', 'cdopReviewHeldOn', 'cdrmHeldOn', 'closedOn', 'decidedOn', 'discussionHeldOn', 'feedbackSentOn',
                  'heldOn', 'meetingHeldOn', 'notificationSentOn', 'progressCheckedOn', 'publishedOn',
                  'receivedOn', 'referralsMadeOn', 'reportReceivedOn', 'responseReceivedOn', 'resultOn',
                  'reviewHeldOn', 'sentOn', 'sinSubmittedOn', 'visitOn', 'appointedOn'}
PLANNED_DATES = {'cdrmPlannedOn', 'imrDueOn', 'plannedPublicationOn'}


def date(key, label, required=True, desc=None, hide=None, not_before=None):
    assert (key in HAPPENED_DATES) != (key in PLANNED_DATES), 'classify date field %s in forms.py' % key
    c = {'type': 'datetime', 'id': _id(), 'key': key, 'subtype': 'date', 'dateLabel': label,
         'properties': {'dateKind': 'happened' if key in HAPPENED_DATES else 'planned'}}
    if not_before: c['properties']['notBefore'] = not_before
    if required: c['validate'] = {'required': True}
    if desc: c['description'] = desc
    if hide: c['conditional'] = {'hide': hide}
    return c

def number(key, label, required=True, desc=None):
    c = {'type': 'number', 'id': _id(), 'key': key, 'label': label}
    if required: c['validate'] = {'required': True}
    if desc: c['description'] = desc
    return c

def textarea(key, label, required=True, desc=None):
    """Free text: always under record.* so the tasklist stores it in the case record, never in the engine."""
    assert key.startswith('record.'), key
    c = {'type': 'textarea', 'id': _id(), 'key': key, 'label': label}
    if required: c['validate'] = {'required': True}
    if desc: c['description'] = desc
    return c

def role(values):
    return select('decisionMakerRole', 'Decision made by (role)', values)

def rationale(label='Rationale for the decision (kept in the case record, not in the workflow)'):
    return textarea('record.rationale', label)

def form(fid, title, components):
    return {'id': fid, 'type': 'default', 'schemaVersion': 16, 'executionPlatform': 'Camunda Cloud',
            'executionPlatformVersion': '8.8.0', 'exporter': {'name': 'opensafeguarding bpmn tools', 'version': '1.0'},
            'components': [heading('## ' + title)] + components}

FORMS = {}

def register(fid, title, components):
    FORMS[fid] = form(fid, title, components)
    return fid

def write(dir):
    import os
    os.makedirs(dir, exist_ok=True)
    for fid, f in FORMS.items():
        with open(os.path.join(dir, fid + '.form'), 'w') as fh:
            json.dump(f, fh, indent=2, ensure_ascii=False)
            fh.write('\n')

register('deadline-escalation', 'Overdue statutory or local timescale', [
    heading('A timescale for this case has passed (see the task variable `timescaleId`). Timers never close or block the case: record what you did.'),
    select('escalationAction', 'Action taken', [
        ('CHASED', 'Chased the person or agency responsible'),
        ('REPLANNED', 'Re-planned with a new target date'),
        ('LATE_WITH_REASON', 'Accepted as late, with a recorded reason'),
        ('ESCALATED_FURTHER', 'Escalated further (e.g. head of service, chair, partners)')]),
    textarea('record.escalationReason', 'Reason for the delay and what happens next'),
])

register('further-referral', 'Further referral on an open case', [
    heading('Another referral has arrived that names this case (the referral itself is in the case record).'),
    select('furtherReferralAction', 'What changes', [
        ('NO_CHANGE', 'Linked to the case; no change to the plan'),
        ('PLAN_CHANGED', 'The plan or the risk assessment changes'),
        ('NEW_CASE', 'It needs a case of its own')]),
    textarea('record.furtherReferralNotes', 'Reasons (kept in the case record)', required=False)])
