from bpmngen import Proc
from forms import register, check, select, textarea, role, rationale, heading, date

D = '=now() + duration(defaultTaskTurnaround)'
CDR_ROLES = [('DESIGNATED_DOCTOR', 'Designated doctor for child deaths'),
             ('ONCALL_PAEDIATRICIAN', 'On-call paediatrician'), ('CDOP_COORDINATOR', 'CDOP coordinator (recording)')]


def build():
    p = Proc('child-death-review-cdr2018', 'Child death review (CDR-2018)', version_tag='CDR-2018',
             doc='DOMAIN §4 (CDR-2018: JAR, CDRM, CDOP, NCMD). The CDOP-LSCB regime is not modelled here. '
                 'Suspected abuse or neglect raises message sin.candidate.raised, which starts practice-review-wt2018.')
    R = 3
    p.start('Start_Notified', 'Child death notified', 0, R)
    p.service('OpenCase', 'Open case record (pin version)', 1, R, 'case.open', )
    # C1 is judged at once (the notification is the clock stop): met, or breached by Emit_C1. C2 and C3 are owed
    # only when a joint agency response is needed: ComputeJar, inside Sub_Jar.
    p.service('ComputeDeadlines', 'Compute notification deadline (C1)', 2, R, 'deadline.compute',
              headers={'timescaleIds': 'C1', 'clockStart': 'deathConfirmedAt', 'clockStops': 'C1=notifiedAt'})
    p.service('NcmdNotified', 'Send notification to NCMD', 3, R, 'cdr.ncmd-sync', headers={'ncmdStatus': 'NOTIFIED'})
    p.gw('Gw_C1', 'Notified to the CDOP in time (C1)?', 4, R)
    p.service('Emit_C1', 'Record C1 breach (late notification)', 5, R + 1.4, 'case-event.emit',
              headers={'eventType': 'deadline.breached', 'timescaleId': 'C1'})
    p.gw('Gw_C1_Merge', None, 6, R)
    # not =dueC2: a task's due date marks the deadline with that due date MET (docs/tasklist.md), and C2 belongs
    # to the information-sharing discussion (Iisd); the determination has no timescale of its own (DOMAIN §4.4 #1-2)
    p.user('Determination', 'Expected or unexpected? JAR criteria', 7, R, 'cdop-coordinator', D,
           'cdr-death-determination', outputs=[
               ('=expectedDeath = true', 'expectedDeath'),
               ('=externalCauses = true or suddenNoApparentCause = true or custodyOrDetention = true or '
                'suspiciousCircumstances = true or unattendedStillbirth = true', 'jarCriteriaMet'),
               ('={externalCauses: externalCauses = true, suddenNoApparentCause: suddenNoApparentCause = true, '
                'custodyOrDetention: custodyOrDetention = true, suspiciousCircumstances: suspiciousCircumstances = true, '
                'unattendedStillbirth: unattendedStillbirth = true}', 'jarCriteria'),
               ('=postMortemRequired = true', 'postMortemRequired')], priority=80)
    p.gw('Gw_Jar', 'JAR criteria met?', 8, R)
    p.chain('Start_Notified', 'OpenCase', 'ComputeDeadlines', 'NcmdNotified', 'Gw_C1')
    p.flow('Gw_C1', 'Emit_C1', 'No: late', cond='=breachAtC1 != null and date and time(notifiedAt) >= date and time(breachAtC1)')
    p.flow('Gw_C1', 'Gw_C1_Merge', 'Yes', default=True)
    p.flow('Emit_C1', 'Gw_C1_Merge')
    p.chain('Gw_C1_Merge', 'Determination', 'Gw_Jar')

    with p.sub('Sub_Jar', 'Joint agency response'):
        p.start('Start_Jar', None, 9, R)
        p.service('ComputeJar', 'Compute JAR deadlines (C2, C3)', 10, R, 'deadline.compute',
                  headers={'timescaleIds': 'C2,C3', 'clockStart': 'deathConfirmedAt'})
        p.user('Iisd', 'Initial information-sharing discussion', 11, R, 'cdop-coordinator', '=dueC2',
               'cdr-jar-information-sharing', outputs=[('=abuseOrNeglectSuspected = true', 'abuseOrNeglectSuspected'),
                                                       ('=s47StrategyMeetingNeeded = true', 's47StrategyMeetingNeeded')],
               priority=90, headers={'deadlineTimescales': 'C2'})
        p.user('HomeVisit', 'Joint home / scene visit', 12, R, 'cdop-coordinator', '=dueC3', 'cdr-jar-home-visit',
               outputs=[('=homeVisit = "DONE"', 'homeVisitDone')], priority=90, headers={'deadlineTimescales': 'C3'})
        p.end('End_Jar', None, 13, R)
        p.chain('Start_Jar', 'ComputeJar', 'Iisd', 'HomeVisit', 'End_Jar')
        p.escalate('Iisd', 'C2', '=dueC2', 'cdop-chair', 'Information sharing overdue (C2)',
                   'JAR information sharing overdue')
        p.escalate('HomeVisit', 'C3', '=dueC3', 'cdop-chair', 'Home visit overdue (C3)', 'JAR home visit overdue')
    p.gw('Gw_Jar_Merge', None, 14, R)
    p.flow('Gw_Jar', 'Sub_Jar', 'Yes', cond='=jarCriteriaMet')
    p.flow('Gw_Jar', 'Gw_Jar_Merge', 'No', default=True, via=[(8, R - 1.6), (14, R - 1.6)])
    p.flow('Sub_Jar', 'Gw_Jar_Merge')
    p.gw('Gw_Abuse1', 'Abuse or neglect suspected?', 15, R)
    p.throw_msg('RaiseSin1', 'Refer serious incident to the safeguarding partners', 16, R + 1.4,
                'case-message.publish', headers={'messageName': 'sin.candidate.raised', 'raisedBy': 'JAR'})
    p.gw('Gw_Abuse1_Merge', None, 17, R)
    p.flow('Gw_Jar_Merge', 'Gw_Abuse1')
    p.flow('Gw_Abuse1', 'RaiseSin1', 'Yes', cond='=abuseOrNeglectSuspected = true')
    p.flow('Gw_Abuse1', 'Gw_Abuse1_Merge', 'No', default=True)
    p.flow('RaiseSin1', 'Gw_Abuse1_Merge')

    # ----- information gathering in parallel
    p.gw('Split_Info', None, 18, R, kind='parallel')
    p.flow('Gw_Abuse1_Merge', 'Split_Info')
    RK = R - 2.6
    p.user('KeyWorker', 'Assign key worker; explain process to family', 20.5, RK, 'cdop-coordinator', D,
           'cdr-key-worker', outputs=[('=keyWorkerAssigned = true', 'keyWorkerAssigned')])
    p.flow('Split_Info', 'KeyWorker')
    with p.sub('Sub_ReportingForms', 'Reporting form from each agency named on the notification',
               mi=dict(collection='=involvedAgencyIds', element='agencyId', outCollection='reportingFormsReceived',
                       outElement='=agencyId'),
               inputs=[('=null', 'dueReportingForm'), ('=null', 'breachAtReportingForm')]):
        p.start('Start_Rf', None, 19, R)
        p.service('ComputeRf', 'Compute return date (local)', 20, R, 'deadline.compute',
                  headers={'timescaleIds': 'CRF', 'clockStart': 'now', 'resultVariable': 'dueReportingForm'})
        p.send('RequestRf', 'Request reporting form (and supplementary forms)', 21, R, 'agency-request.send',
               headers={'requestType': 'cdr-reporting-form'})
        p.receive('ReceiveRf', 'Reporting form received', 22, R, 'agency-request.returned',
                  '=caseId + "/cdr-reporting-form/" + string(agencyId)')
        p.end('End_Rf', None, 23, R)
        p.chain('Start_Rf', 'ComputeRf', 'RequestRf', 'ReceiveRf', 'End_Rf')
        p.escalate('ReceiveRf', 'CRF', '=dueReportingForm', 'cdop-coordinator', 'Reporting form overdue',
                   'Chase agency for overdue reporting form')
    p.flow('Split_Info', 'Sub_ReportingForms')
    RP = R + 3.6
    p.gw('Gw_Pm', 'Post-mortem required?', 19, RP)
    p.receive('ReceivePm', 'Post-mortem report received', 20.5, RP, 'cdr.post-mortem-report.received', '=caseId')
    p.gw('Gw_Pm_Merge', None, 22, RP)
    p.flow('Split_Info', 'Gw_Pm')
    p.flow('Gw_Pm', 'ReceivePm', 'Yes', cond='=postMortemRequired')
    p.flow('Gw_Pm', 'Gw_Pm_Merge', 'No', default=True, via=[(19, RP + 0.9), (22, RP + 0.9)])
    p.flow('ReceivePm', 'Gw_Pm_Merge')
    RQ = RP + 2.0
    p.user('ParallelProcesses', 'Record parallel processes', 20.5, RQ,
           'cdop-coordinator', D, 'cdr-parallel-processes', outputs=[
               ('={coroner: coronerStatus != "NOT_INVOLVED", police: policeInvestigation = true, '
                'practiceReview: practiceReviewLinked = true, hospitalIncident: hospitalSeriousIncident = true, '
                'leder: lederReferral = true}', 'parallelProcesses')])
    p.flow('Split_Info', 'ParallelProcesses')
    p.gw('Join_Info', 'Forms in, post-mortem report available', 25, R, kind='parallel')
    p.flow('KeyWorker', 'Join_Info')
    p.flow('Sub_ReportingForms', 'Join_Info')
    p.flow('Gw_Pm_Merge', 'Join_Info')
    p.flow('ParallelProcesses', 'Join_Info')

    # ----- CDRM and CDOP
    p.user('ArrangeCdrm', 'Arrange CDRM (1 month\'s notice)', 26, R,
           'cdop-coordinator', D, 'cdr-cdrm-arrange', outputs=[('=cdrmPlannedOn', 'cdrmPlannedOn')])
    p.user('Cdrm', 'Hold the CDRM and draft the analysis form', 27, R, 'cdop-coordinator',
           '=date and time(cdrmPlannedOn + "T17:00:00@Europe/London")', 'cdr-cdrm',
           outputs=[('=waitForParallelProcesses = true', 'waitForParallelProcesses'),
                    ('=analysisFormDrafted = true', 'analysisFormDrafted')])
    p.gw('Gw_Wait', 'Wait for inquest, police or review outcome?', 28, R)
    p.receive('ReceiveParallel', 'Parallel processes concluded', 29, R + 1.4, 'cdr.parallel-processes.concluded',
              '=caseId')
    p.gw('Gw_Wait_Merge', None, 30, R)
    p.user('CdopReview', 'CDOP review: category, factors, learning', 31, R, 'cdop-coordinator,cdop-chair', D,
           'cdop-review', outputs=[('=categoryOfDeath', 'categoryOfDeath'), ('=modifiableFactors', 'modifiableFactors'),
                                   ('=abuseOrNeglectSuspected = true', 'abuseOrNeglectSuspected'),
                                   ('=recommendationsMade = true', 'recommendationsMade'),
                                   ('=learningIdentified = true', 'learningIdentified'),
                                   # the review's date routes the national return (cdr.ncmd-sync, DOMAIN §4.3)
                                   ('=cdopReviewHeldOn', 'cdopReviewHeldOn')], priority=60)
    p.gw('Gw_Abuse2', 'Abuse or neglect suspected and not yet referred?', 32, R)
    p.throw_msg('RaiseSin2', 'Refer serious incident to the safeguarding partners', 33, R + 1.4,
                'case-message.publish', headers={'messageName': 'sin.candidate.raised', 'raisedBy': 'CDOP'})
    p.gw('Gw_Abuse2_Merge', None, 34, R)
    p.gw('Gw_Recs', 'Recommendations made?', 35, R)
    p.send('IssueRecs', 'Issue recommendations to organisations', 36, R + 1.4, 'notification.send',
           headers={'template': 'cdop-recommendations', 'recipientRole': 'recommendation-owners'})
    p.gw('Gw_Recs_Merge', None, 37, R)
    p.service('NcmdFinalised', 'Mark the case finalised on NCMD', 38, R, 'cdr.ncmd-sync',
              headers={'ncmdStatus': 'FINALISED'})
    p.service('CloseRecord', 'Close case record', 39, R, 'case.close', )
    p.end('End_Closed', 'Child death review completed', 40, R)
    p.chain('Join_Info', 'ArrangeCdrm', 'Cdrm', 'Gw_Wait')
    p.flow('Gw_Wait', 'ReceiveParallel', 'Yes', cond='=waitForParallelProcesses')
    p.flow('Gw_Wait', 'Gw_Wait_Merge', 'No', default=True)
    p.flow('ReceiveParallel', 'Gw_Wait_Merge')
    p.chain('Gw_Wait_Merge', 'CdopReview', 'Gw_Abuse2')
    p.flow('Gw_Abuse2', 'RaiseSin2', 'Yes', cond='=abuseOrNeglectSuspected = true and sinCandidateRaised != true')
    p.flow('Gw_Abuse2', 'Gw_Abuse2_Merge', 'No', default=True)
    p.flow('RaiseSin2', 'Gw_Abuse2_Merge')
    p.flow('Gw_Abuse2_Merge', 'Gw_Recs')
    p.flow('Gw_Recs', 'IssueRecs', 'Yes', cond='=recommendationsMade')
    p.flow('Gw_Recs', 'Gw_Recs_Merge', 'No', default=True)
    p.flow('IssueRecs', 'Gw_Recs_Merge')
    p.chain('Gw_Recs_Merge', 'NcmdFinalised', 'CloseRecord', 'End_Closed')
    p.further_referral('cdop-coordinator', 0.3, 0.6)
    return p


def forms():
    register('cdr-death-determination', 'Expected or unexpected death; JAR criteria', [
        check('expectedDeath', 'Expected death (anticipated as a significant possibility, e.g. planned palliative care)'),
        heading('A Joint Agency Response is needed if any of these apply:'),
        check('externalCauses', '(a) the death is or could be from external causes'),
        check('suddenNoApparentCause', '(b) sudden, with no immediately apparent cause (SUDI / SUDC)'),
        check('custodyOrDetention', '(c) in custody, or while detained under the Mental Health Act'),
        check('suspiciousCircumstances', '(d) the initial circumstances raise suspicion that it may not be natural'),
        check('unattendedStillbirth', '(e) a stillbirth with no healthcare professional in attendance'),
        check('postMortemRequired', 'A post-mortem examination is required'),
        role(CDR_ROLES), rationale()])
    register('cdr-jar-information-sharing', 'JAR: initial information-sharing discussion', [
        date('discussionHeldOn', 'Discussion held on'),
        check('coronerInformed', 'Coroner\'s officer informed'),
        check('cscInformed', 'Children\'s social care informed'),
        check('s47StrategyMeetingNeeded', 'A s47 strategy meeting is needed (siblings / other children)'),
        check('abuseOrNeglectSuspected', 'Abuse or neglect is known or suspected (raises a serious incident '
                                         'referral to the safeguarding partners)'),
        role(CDR_ROLES), rationale()])
    register('cdr-jar-home-visit', 'JAR: joint home / scene visit', [
        select('homeVisit', 'Joint home or scene visit', [('DONE', 'Carried out'), ('NOT_APPROPRIATE', 'Not appropriate'),
                                                         ('DECLINED', 'Declined by the family')]),
        date('visitOn', 'Visit on', required=False),
        textarea('record.visitReason', 'If no visit: why (kept in the case record)', required=False)])
    register('cdr-key-worker', 'Key worker', [
        check('keyWorkerAssigned', 'A named key worker is assigned'),
        check('familyInformed', 'The family has been told about the child death review process'),
        date('assignedOn', 'Assigned on')])
    register('cdr-parallel-processes', 'Parallel processes', [
        select('coronerStatus', 'Coroner', [('NOT_INVOLVED', 'Not involved'), ('INVESTIGATING', 'Investigating'),
                                            ('INQUEST_OPENED', 'Inquest opened'), ('CONCLUDED', 'Concluded')]),
        check('policeInvestigation', 'Police investigation'),
        check('practiceReviewLinked', 'Child safeguarding practice review / SCR'),
        check('hospitalSeriousIncident', 'Hospital serious-incident review'),
        check('lederReferral', 'LeDeR (learning disability) review')])
    register('cdr-cdrm-arrange', 'Arrange the child death review meeting', [
        heading('Do not hold the CDRM until the post-mortem report is available; give at least one month\'s notice; '
                'send reporting forms to anyone who cannot attend.'),
        date('cdrmPlannedOn', 'Meeting date'),
        check('noticeGiven', 'At least one month\'s notice given')])
    register('cdr-cdrm', 'Child death review meeting', [
        date('cdrmHeldOn', 'Meeting held on'),
        check('analysisFormDrafted', 'Draft analysis form prepared for the CDOP'),
        check('waitForParallelProcesses', 'The CDOP should wait for an inquest, police or review outcome')])
    register('cdop-review', 'CDOP review', [
        select('categoryOfDeath', 'Category of death (hierarchical; one per case)', [
            ('1', '1 Deliberately inflicted injury, abuse or neglect'),
            ('2', '2 Suicide or deliberate self-inflicted harm'), ('3', '3 Trauma and other external factors'),
            ('4', '4 Malignancy'), ('5', '5 Acute medical or surgical condition'), ('6', '6 Chronic medical condition'),
            ('7', '7 Chromosomal, genetic and congenital anomalies'), ('8', '8 Perinatal / neonatal event'),
            ('9', '9 Infection'), ('10', '10 Sudden unexpected, unexplained death')]),
        select('modifiableFactors', 'Modifiable factors', [('IDENTIFIED', 'Identified'),
                                                           ('NOT_IDENTIFIED', 'Not identified'),
                                                           ('INSUFFICIENT_INFORMATION', 'Insufficient information')]),
        date('cdopReviewHeldOn', 'Date of the CDOP meeting that reviewed the death'),
        check('abuseOrNeglectSuspected', 'Abuse or neglect suspected (notify the Panel and safeguarding partners)'),
        check('learningIdentified', 'Learning identified'),
        check('recommendationsMade', 'Recommendations to organisations'),
        select('decisionMakerRole', 'Decision made by (role)', [('CDOP_CHAIR', 'CDOP chair for the panel')]),
        textarea('record.learning', 'Learning and recommendations (kept in the case record)', required=False),
        rationale()])
