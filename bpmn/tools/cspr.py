from bpmngen import Proc
from forms import register, check, select, textarea, role, rationale, heading, date, checklist

D = '=now() + duration(defaultTaskTurnaround)'
PARTNER_ROLES = [('SAFEGUARDING_PARTNERS', 'The three safeguarding partners (or their delegates)')]


def build():
    p = Proc('practice-review-wt2018', 'Serious incident notification, rapid review and practice review (CSPR-WT2018)',
             version_tag='CSPR-WT2018',
             doc='DOMAIN §3.7–3.10: Children Act 2004 s16C notification, rapid review, Child Safeguarding Practice '
                 'Review Panel response and local child safeguarding practice review (SI 2018/789).')
    R = 4
    p.start('Start_Referred', 'Potential serious incident referred', 0, R)
    p.start('Start_FromCdr', 'Serious incident referral from a child death review', 0, R + 1.6,
            message='sin.candidate.raised')
    p.gw('Gw_Start_Merge', None, 1, R)
    p.service('OpenCase', 'Open case record (link source case)', 2, R, 'case.open',
              )
    p.service('ComputeDeadlines', 'Compute threshold meeting deadline (R1a)', 3, R, 'deadline.compute',
              headers={'timescaleIds': 'R1a', 'clockStart': 'referralReceivedAt'})
    p.user('Threshold', 'Partners: notification criteria met?', 4, R, 'safeguarding-partners', '=dueR1a',
           'cspr-sin-threshold', outputs=[
               ('=abuseOrNeglectKnownOrSuspected = true and (childDied = true or childSeriouslyHarmed = true) and '
                '(incidentInArea = true or residentHarmedOutsideEngland = true)', 'sinCriteriaMet'),
               ('=lookedAfterChildDied = true', 'lookedAfterChildDied'),
               ('={abuseOrNeglectKnownOrSuspected: abuseOrNeglectKnownOrSuspected = true, childDied: childDied = true, '
                'childSeriouslyHarmed: childSeriouslyHarmed = true, incidentInArea: incidentInArea = true, '
                'residentHarmedOutsideEngland: residentHarmedOutsideEngland = true}', 'sinCriteria')], priority=90)
    p.escalate('Threshold', 'R1a', '=dueR1a', 'safeguarding-partners', '', 'Threshold meeting overdue (R1a)')
    p.flow('Start_Referred', 'Gw_Start_Merge')
    p.flow('Start_FromCdr', 'Gw_Start_Merge')
    p.chain('Gw_Start_Merge', 'OpenCase', 'ComputeDeadlines', 'Threshold')

    p.gw('Split_Notify', 'Who must be notified?', 5, R, kind='inclusive')
    # R1 is owed only once the partners find the notification criteria met; its clock still starts when the LA
    # became aware (laAwareAt), so a late threshold decision does not buy time
    p.service('ComputeR1', 'Compute notification deadline (R1)', 5.75, R + 1.5, 'deadline.compute',
              headers={'timescaleIds': 'R1', 'clockStart': 'referralReceivedAt', 'clockStartOverrides': 'R1=laAwareAt'})
    p.user('SubmitSin', 'Submit serious incident notification', 6.5, R, 'review-business-unit', '=dueR1',
           'cspr-sin-submitted', outputs=[('=sinSubmittedOn', 'sinSubmittedOn'), ('=agencyIds', 'agencyIds')], priority=90)
    p.escalate('SubmitSin', 'R1', '=dueR1', 'safeguarding-partners', '', 'Notification overdue (R1: 5 WD)')
    p.send('TellPartners', 'Tell the safeguarding partners', 7.5, R, 'notification.send',
           headers={'template': 'sin-submitted', 'recipientRole': 'safeguarding-partners'})
    p.send('NotifyLacDeath', 'Notify SoS and Ofsted: looked-after child died', 7, R - 1.6,
           'review.notify-panel', headers={'notice': 'lac-death', 'recipients': 'secretary-of-state,ofsted'})
    p.gw('Join_Notify', None, 9, R, kind='inclusive')
    p.flow('Threshold', 'Split_Notify')
    p.flow('Split_Notify', 'ComputeR1', 'Serious incident', cond='=sinCriteriaMet')
    p.flow('ComputeR1', 'SubmitSin')
    p.flow('Split_Notify', 'NotifyLacDeath', 'Looked-after child died', cond='=lookedAfterChildDied')
    p.flow('Split_Notify', 'Join_Notify', 'Neither', default=True, via=[(5, R + 3.0), (9, R + 3.0)])
    p.chain('SubmitSin', 'TellPartners', 'Join_Notify')
    p.flow('NotifyLacDeath', 'Join_Notify')
    p.gw('Gw_SinSubmitted', 'Notification submitted?', 10, R)
    p.service('CloseNoSin', 'Close case record: notification not required', 11, R + 3.0, 'case.close',
              headers={'closeReason': 'sin-not-required'})
    p.end('End_NoSin', 'No notification needed', 12, R + 3.0)
    p.flow('Join_Notify', 'Gw_SinSubmitted')
    p.flow('Gw_SinSubmitted', 'CloseNoSin', 'No', default=True)
    p.flow('CloseNoSin', 'End_NoSin')
    p.service('ComputeR2', 'Compute rapid review deadline (R2)', 11, R, 'deadline.compute',
              headers={'timescaleIds': 'R2', 'clockStart': 'sinSubmittedOn'})
    p.flow('Gw_SinSubmitted', 'ComputeR2', 'Yes', cond='=sinCriteriaMet')

    with p.sub('Sub_RapidReview', 'Rapid review'):
        p.start('Start_Rr', None, 12, R)
        with p.sub('Sub_AgencySummaries', 'Summary from each agency',
                   mi=dict(collection='=agencyIds', element='agencyId', outCollection='agencySummariesReturned',
                           outElement='=agencyId')):
            p.start('Start_Summary', None, 13, R)
            p.send('RequestSummary', 'Request agency summary', 14, R, 'agency-request.send',
                   headers={'requestType': 'rr-agency-summary'})
            p.receive('ReceiveSummary', 'Agency summary received', 15, R, 'agency-request.returned',
                      '=caseId + "/rr-agency-summary/" + string(agencyId)')
            p.end('End_Summary', None, 16, R)
            p.chain('Start_Summary', 'RequestSummary', 'ReceiveSummary', 'End_Summary')
        p.user('RrMeeting', 'Rapid review meeting and partners\' sign-off', 17.5, R, 'safeguarding-partners', '=dueR2',
               'cspr-rapid-review', outputs=[('=immediateActionNeeded = true', 'immediateActionNeeded'),
                                             ('=rrRecommendation', 'rrRecommendation')], priority=80)
        p.send('SendRr', 'Send the rapid review to the Panel', 18.5, R, 'review.notify-panel',
               headers={'notice': 'rapid-review', 'recipients': 'panel'})
        p.end('End_Rr', 'Rapid review sent', 19.5, R)
        p.chain('Start_Rr', 'Sub_AgencySummaries', 'RrMeeting', 'SendRr', 'End_Rr')
    p.flow('ComputeR2', 'Sub_RapidReview')
    p.escalate('Sub_RapidReview', 'R2', '=dueR2', 'safeguarding-partners', '', 'Rapid review overdue (R2: 15 WD)',
               col=14, row=R + 2.0)
    p.boundary('SinWithdrawn', 'Notification withdrawn: criteria not met', 'Sub_RapidReview', interrupting=True,
               message='review.sin-withdrawn', key='=caseId', col=17.5,
               doc='Interrupting by design (DOMAIN §3.8 note): a rapid review is not needed if the notification '
                   'criteria turn out not to be met.')
    p.service('CloseWithdrawn', 'Close case record: notification withdrawn', 17.5, R + 2.6, 'case.close',
              headers={'closeReason': 'sin-withdrawn'})
    p.end('End_Withdrawn', 'Notification withdrawn', 18.5, R + 2.6)
    p.chain('SinWithdrawn', 'CloseWithdrawn', 'End_Withdrawn')

    p.service('ComputeR2b', 'Compute Panel reply date (R2b)', 21, R, 'deadline.compute',
              headers={'timescaleIds': 'R2b', 'clockStart': 'now'})
    p.user('PanelResponse', 'Record the Panel\'s response', 22, R, 'review-business-unit', '=dueR2b',
           'cspr-panel-response', outputs=[('=panelResponse', 'panelResponse')])
    p.escalate('PanelResponse', 'R2b', '=dueR2b', 'safeguarding-partners', '', 'No reply from the Panel yet (R2b)')
    p.gw('Gw_PanelResponse', 'Panel response', 23, R)
    p.user('PanelQuery', 'Provide the information the Panel asked for', 22.5, R - 1.6, 'review-business-unit', D,
           'cspr-panel-query', outputs=[('=informationSent = true', 'panelQueryAnswered')])
    p.flow('Sub_RapidReview', 'ComputeR2b')
    p.chain('ComputeR2b', 'PanelResponse', 'Gw_PanelResponse')
    p.flow('Gw_PanelResponse', 'PanelQuery', 'Query / more information', cond='=panelResponse = "QUERY"',
           via=[(23, R - 1.6)])
    p.flow('PanelQuery', 'ComputeR2b', via=[(21, R - 1.6)])

    p.user('LcsprDecision', 'Partners: commission a local review? (reg 11)', 24, R, 'safeguarding-partners', D,
           'cspr-lcspr-decision', outputs=[
               ('={improvementsNeeded: improvementsNeeded = true, recurrentThemes: recurrentThemes = true, '
                'multiAgencyConcern: multiAgencyConcern = true, panelSuggestedLocal: panelSuggestedLocal = true}',
                'reg11Criteria'), ('=lcsprDecision', 'lcsprDecision')], priority=80)
    p.gw('Gw_Lcspr', 'Local review?', 25, R)
    p.flow('Gw_PanelResponse', 'LcsprDecision', 'Local decision', default=True)
    p.flow('LcsprDecision', 'Gw_Lcspr')
    p.service('CloseNoReview', 'Close case record: no local review', 26, R - 1.6, 'case.close',
              headers={'closeReason': 'no-lcspr'})
    p.end('End_NoReview', 'No local review', 27, R - 1.6)
    p.flow('Gw_Lcspr', 'CloseNoReview', 'No review', cond='=lcsprDecision = "NO_REVIEW"')
    p.flow('CloseNoReview', 'End_NoReview')

    p.service('ComputeR3', 'Compute publication deadline (R3)', 26, R, 'deadline.compute',
              headers={'timescaleIds': 'R3', 'clockStart': 'now'})
    p.flow('Gw_Lcspr', 'ComputeR3', 'Commission an LCSPR', cond='=lcsprDecision = "COMMISSION_LCSPR"')
    with p.sub('Sub_Lcspr', 'Local child safeguarding practice review'):
        p.start('Start_Lcspr', None, 27, R)
        p.user('AppointReviewer', 'Appoint reviewer(s); agree terms of reference', 28, R, 'safeguarding-partners', D,
               'cspr-appoint-reviewer', outputs=[('=methodology', 'methodology')])
        p.user('MonitorReview', 'Monitor time and quality (reg 14)', 29, R, 'review-business-unit', D,
               'cspr-monitor-review', outputs=[('=finalReportReceived = true', 'finalReportReceived')])
        p.user('PartnersResponse', 'Final report: partners\' response and actions', 30, R, 'safeguarding-partners', D,
               'review-board-response', outputs=[('=findingsAccepted = true', 'findingsAccepted'),
                                                 ('=actionPlanAgreed = true', 'actionPlanAgreed')])
        p.user('CsprPublication', 'Decide on publication', 31, R, 'safeguarding-partners', D,
               'cspr-publication-decision', outputs=[('=publicationDecision', 'publicationDecision'),
                                                     ('=plannedPublicationOn', 'plannedPublicationOn')])
        p.service('ComputeR4', 'Compute advance-copy date (R4)', 32, R, 'deadline.compute',
                  headers={'timescaleIds': 'R4', 'clockStart': 'plannedPublicationOn'})
        p.user('AdvanceCopy', 'Send advance copy to Panel and SoS', 33, R, 'review-business-unit',
               '=dueR4', 'cspr-advance-copy', outputs=[('=advanceCopySent = true', 'advanceCopySent')])
        # R3 stops at publication: the task shows dueR3, so publishing on time through the tasklist marks R3 MET
        # (docs/processes.md §1.3 item 4); the timer on Sub_Lcspr escalates a late one
        p.user('PublishLcspr', 'Publish the report', 34, R, 'review-business-unit', '=dueR3', 'review-publish',
               outputs=[('=publishedOn', 'publishedOn')])
        p.service('ComputeR5', 'Compute earliest removal date (R5)', 35, R, 'deadline.compute',
                  headers={'timescaleIds': 'R5', 'clockStart': 'publishedOn'})
        p.end('End_Lcspr', 'Published', 36, R)
        p.chain('Start_Lcspr', 'AppointReviewer', 'MonitorReview', 'PartnersResponse', 'CsprPublication', 'ComputeR4',
                'AdvanceCopy', 'PublishLcspr', 'ComputeR5', 'End_Lcspr')
        p.escalate('AdvanceCopy', 'R4', '=dueR4', 'safeguarding-partners', '', 'Advance copy overdue (R4)')
    p.flow('ComputeR3', 'Sub_Lcspr')
    p.escalate('Sub_Lcspr', 'R3', '=dueR3', 'safeguarding-partners', '', 'Not published within 6 months (R3)',
               col=29, row=R + 3.6)

    RL = R + 5.6
    p.user('OtherLearning', 'Commission other local learning', 26, RL, 'safeguarding-partners', D,
           'cspr-other-learning', outputs=[('=learningType', 'otherLearningType')])
    p.user('NationalReview', 'Contribute to the national review', 24, RL + 1.3, 'review-business-unit', D,
           'cspr-national-review', outputs=[('=nationalReviewStatus = "PUBLISHED"', 'nationalReviewPublished')])
    p.gw('Gw_Alt_Merge', None, 27, RL)
    p.flow('Gw_Lcspr', 'OtherLearning', 'Other learning', default=True)
    p.flow('Gw_PanelResponse', 'NationalReview', 'National review', cond='=panelResponse = "NATIONAL_REVIEW"')
    p.flow('OtherLearning', 'Gw_Alt_Merge')
    p.flow('NationalReview', 'Gw_Alt_Merge')

    c = 37.5
    p.gw('Gw_Monitor_Merge', None, c, R)
    p.user('ActionReview', 'Review action progress', c + 1, R, 'safeguarding-partners', D, 'review-action-plan',
           outputs=[('=allActionsComplete = true', 'allActionsComplete'), ('=actionPlanRag', 'actionPlanRag')])
    p.gw('Gw_Actions', 'All actions complete?', c + 2, R)
    p.catch('NextReview', 'Next monitoring date', c + 1, R - 1.5, timer=('timeDuration', '=actionPlanReviewInterval'))
    p.service('CloseRecord', 'Close case record', c + 3, R, 'case.close', )
    p.end('End_Closed', 'Review closed', c + 4, R)
    p.flow('Sub_Lcspr', 'Gw_Monitor_Merge')
    p.flow('Gw_Alt_Merge', 'Gw_Monitor_Merge')
    p.chain('Gw_Monitor_Merge', 'ActionReview', 'Gw_Actions')
    p.flow('Gw_Actions', 'CloseRecord', 'Yes', cond='=allActionsComplete')
    p.flow('Gw_Actions', 'NextReview', 'No', default=True, via=[(c + 2, R - 1.5)])
    p.flow('NextReview', 'Gw_Monitor_Merge', via=[(c, R - 1.5)])
    p.flow('CloseRecord', 'End_Closed')
    p.further_referral('review-business-unit', 0.3, 1.0)
    return p


def forms():
    register('cspr-sin-threshold', 'Notification criteria (Children Act 2004 s16C)', [
        heading('Notify the Panel if abuse or neglect is known or suspected and the child died or was seriously harmed '
                'in this area, or is normally resident here and died or was seriously harmed outside England.'),
        check('abuseOrNeglectKnownOrSuspected', 'Abuse or neglect is known or suspected'),
        check('childDied', 'The child has died'),
        check('childSeriouslyHarmed', 'The child has been seriously harmed (includes likely long-term impairment; '
                                      'recovery does not rule it out)'),
        check('incidentInArea', 'The incident happened in this local authority\'s area'),
        check('residentHarmedOutsideEngland', 'The child is normally resident here and died or was harmed outside England'),
        check('lookedAfterChildDied', 'A looked-after child has died (notify the Secretary of State and Ofsted even '
                                      'without suspected abuse or neglect)'),
        role(PARTNER_ROLES), rationale()])
    register('cspr-sin-submitted', 'Serious incident notification', [
        date('sinSubmittedOn', 'Notification submitted on'),
        check('rrThresholdStated', 'The notification states whether the rapid review threshold is met'),
        checklist('agencyIds', 'Agencies asked for a rapid review summary', 'agencyOptions')])
    register('cspr-rapid-review', 'Rapid review', [
        check('immediateActionNeeded', 'Immediate action is needed to keep children safe'),
        check('improvementPotential', 'There is potential for practice improvement'),
        select('rrRecommendation', 'Recommendation to the Panel', [
            ('LCSPR', 'Local child safeguarding practice review'), ('NO_LCSPR', 'No local review'),
            ('NATIONAL_REVIEW_SUGGESTED', 'Suggest a national review'), ('OTHER_LEARNING', 'Other local learning')]),
        role(PARTNER_ROLES), rationale('Facts, learning and rationale (kept in the case record)')])
    register('cspr-panel-response', 'Panel response', [
        select('panelResponse', 'The Panel', [('AGREE_LOCAL', 'Agrees with a local review'),
                                              ('AGREE_NO_REVIEW', 'Agrees no review is needed'),
                                              ('NATIONAL_REVIEW', 'Will carry out a national review'),
                                              ('QUERY', 'Asks for more information or challenges the decision')]),
        date('responseReceivedOn', 'Response received on')])
    register('cspr-panel-query', 'Information for the Panel', [
        check('informationSent', 'The information the Panel asked for has been sent'),
        date('sentOn', 'Sent on')])
    register('cspr-lcspr-decision', 'Local child safeguarding practice review decision (SI 2018/789 reg 11)', [
        heading('Take into account whether the case highlights or may highlight:'),
        check('improvementsNeeded', '(a) improvements needed to safeguard and promote the welfare of children'),
        check('recurrentThemes', '(b) recurrent themes in safeguarding and promoting welfare'),
        check('multiAgencyConcern', '(c) concerns about two or more organisations or agencies working together'),
        check('panelSuggestedLocal', '(d) the Panel has considered the case and concluded a local review may be '
                                     'more appropriate'),
        select('lcsprDecision', 'Decision', [('COMMISSION_LCSPR', 'Commission a local review'),
                                             ('OTHER_LEARNING', 'Other local learning'), ('NO_REVIEW', 'No review')]),
        role(PARTNER_ROLES), rationale()])
    register('cspr-appoint-reviewer', 'Reviewer and terms of reference', [
        check('reviewerAppointed', 'Reviewer(s) appointed'),
        select('methodology', 'Methodology', [('SYSTEMS', 'Systems approach'), ('APPRECIATIVE', 'Appreciative inquiry'),
                                              ('OTHER', 'Other')]),
        check('practitionersAndFamilyInvolved', 'Practitioners and the family will be involved')])
    register('cspr-monitor-review', 'Monitor the review (reg 14)', [
        check('finalReportReceived', 'Final report received'),
        check('informationRequested', 'Information or a draft was requested in writing'),
        date('progressCheckedOn', 'Progress checked on')])
    register('cspr-publication-decision', 'Publication', [
        select('publicationDecision', 'Decision', [('PUBLISH', 'Publish the report'),
                                                   ('PUBLISH_IMPROVEMENT_INFORMATION', 'Exceptionally: publish only '
                                                    'information about improvements')]),
        date('plannedPublicationOn', 'Planned publication date'),
        check('parallelProceedingsConsidered', 'Parallel proceedings (criminal trial, inquest) considered'),
        role(PARTNER_ROLES), rationale()])
    register('cspr-advance-copy', 'Advance copy', [
        check('advanceCopySent', 'Copy sent to the Panel and the Secretary of State'), date('sentOn', 'Sent on')])
    register('cspr-other-learning', 'Other local learning', [
        select('learningType', 'Type', [('LEARNING_REVIEW', 'Learning review'), ('AUDIT', 'Multi-agency audit'),
                                         ('BRIEFING', 'Practice briefing'), ('OTHER', 'Other')])])
    register('cspr-national-review', 'National review', [
        select('nationalReviewStatus', 'National review', [('IN_PROGRESS', 'In progress'), ('PUBLISHED', 'Published')]),
        date('publishedOn', 'Published on', required=False)])
