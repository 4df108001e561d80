from bpmngen import Proc
from forms import register, check, select, textarea, role, rationale, heading, date, checklist

D = '=now() + duration(defaultTaskTurnaround)'
CRITERIA = '=abuseOrNeglectKnownOrSuspected = true and (childDied = true or (childSeriouslyHarmed = true and ' \
           'concernAboutWorkingTogether = true))'
MANDATORY = '=diedInCustody = true or detainedUnderMentalHealthAct = true or deprivationOfLibertyOrder = true'
CRITERIA_CTX = '={abuseOrNeglectKnownOrSuspected: abuseOrNeglectKnownOrSuspected = true, childDied: childDied = true, ' \
               'childSeriouslyHarmed: childSeriouslyHarmed = true, concernAboutWorkingTogether: ' \
               'concernAboutWorkingTogether = true, diedInCustody: diedInCustody = true, detainedUnderMentalHealthAct: ' \
               'detainedUnderMentalHealthAct = true, deprivationOfLibertyOrder: deprivationOfLibertyOrder = true}'


def build():
    p = Proc('scr-referral-wt2013', 'Serious case review referral (SCR-WT2013)', version_tag='SCR-WT2013',
             doc='DOMAIN §3.1–3.6: LSCB serious case review under the LSCB Regulations 2006 reg 5 and Working '
                 'Together 2013/2015, with the national panel of independent experts.')
    R = 4
    p.start('Start_Referral', 'Referral for SCR consideration received', 0, R)
    p.service('OpenCase', 'Open case record (pin version)', 1, R, 'case.open', )
    p.service('ComputeDeadlines', 'Compute deadlines (T1, T2, T3)', 2, R, 'deadline.compute',
              headers={'timescaleIds': 'T1,T2,T3', 'clockStart': 'referralReceivedAt', 'clockStartOverrides': 'T1=laAwareAt',
                       'owedWhen': 'T1=owedT1'},
              # T1 is the notifiable-incident duty: owed only for a notifiable incident (DOMAIN §3.1 trigger A)
              inputs=[('=notifiableIncident = true', 'owedT1')])
    p.gw('Gw_Notifiable', 'Notifiable incident?', 3, R)
    p.user('ConfirmNotified', 'Confirm Ofsted and LSCB notified', 4, R, 'review-business-unit', '=dueT1',
           'scr-notifiable-incident', outputs=[('=ofstedNotified = true', 'ofstedNotified')])
    p.escalate('ConfirmNotified', 'T1', '=dueT1', 'review-chair', '', 'Notifiable incident not yet notified (T1)')
    p.gw('Gw_Notifiable_Merge', None, 5, R)
    p.chain('Start_Referral', 'OpenCase', 'ComputeDeadlines', 'Gw_Notifiable')
    p.flow('Gw_Notifiable', 'ConfirmNotified', 'Yes', cond='=notifiableIncident = true')
    p.flow('Gw_Notifiable', 'Gw_Notifiable_Merge', 'No', default=True, via=[(3, R - 1.3), (5, R - 1.3)])
    p.flow('ConfirmNotified', 'Gw_Notifiable_Merge')

    with p.sub('Sub_Screening', 'Screening: referral to the Chair\'s decision'):
        p.start('Start_Screening', None, 6, R)
        with p.sub('Sub_AgencyInfo', 'Information request to each agency',
                   mi=dict(collection='=agencyIds', element='agencyId', outCollection='agencyInformationReturned',
                           outElement='=agencyId')):
            p.start('Start_AgencyInfo', None, 7, R)
            p.send('RequestAgencyInfo', 'Request agency case information', 8, R, 'agency-request.send',
                   headers={'requestType': 'scr-agency-information'})
            p.receive('ReceiveAgencyInfo', 'Agency information returned', 9, R, 'agency-request.returned',
                      '=caseId + "/scr-agency-information/" + string(agencyId)')
            p.end('End_AgencyInfo', None, 10, R)
            p.chain('Start_AgencyInfo', 'RequestAgencyInfo', 'ReceiveAgencyInfo', 'End_AgencyInfo')
        p.user('SubgroupRecommendation', 'SCR subgroup recommendation', 11.5, R, 'review-subgroup',
               '=dueT2', 'scr-subgroup-recommendation',
               outputs=[(CRITERIA, 'scrCriteriaMet'), (MANDATORY, 'mandatoryScr'),
                        ('=recommendation', 'subgroupRecommendation')])
        p.escalate('SubgroupRecommendation', 'T2', '=dueT2', 'review-chair', '', 'Subgroup recommendation overdue (T2)')
        p.user('ChairDecision', 'LSCB Chair: initiate a serious case review?', 12.5, R, 'review-chair', '=dueT3',
               'scr-chair-decision', outputs=[(CRITERIA, 'scrCriteriaMet'), (MANDATORY, 'mandatoryScr'),
                                             (CRITERIA_CTX, 'scrCriteria'), ('=scrDecision', 'scrDecision')],
               priority=80)
        p.gw('Gw_MustHold', 'Criteria met but no SCR?', 13.5, R)
        p.end('End_Screening', 'Decision made', 14.5, R)
        p.chain('Start_Screening', 'Sub_AgencyInfo', 'SubgroupRecommendation', 'ChairDecision', 'Gw_MustHold')
        p.flow('Gw_MustHold', 'ChairDecision', 'Yes: an SCR must be held (reg 5)',
               cond='=(scrCriteriaMet or mandatoryScr) and scrDecision != "SCR_INITIATED"')
        p.flow('Gw_MustHold', 'End_Screening', 'No', default=True)
    p.flow('Gw_Notifiable_Merge', 'Sub_Screening')
    p.escalate('Sub_Screening', 'T3', '=dueT3', 'review-chair', '', 'Chair\'s decision overdue (T3: 1 month)',
               col=12.5, row=R + 3.3)

    p.gw('Gw_Decision', 'Chair\'s decision', 16, R)
    p.flow('Sub_Screening', 'Gw_Decision')

    # ----- not initiated: tell the panel, wait for its advice
    RN = R + 7.5
    p.service('ComputeT4', 'Compute deadlines (T4, T7)', 17, RN, 'deadline.compute',
              headers={'timescaleIds': 'T4,T7', 'clockStart': 'now'})
    p.user('PanelPack', 'Prepare panel pack (decision, SIN, reasons)', 18, RN, 'review-business-unit', '=dueT4',
           'scr-panel-pack', outputs=[('=panelPackComplete = true', 'panelPackComplete')])
    p.escalate('PanelPack', 'T4', '=dueT4', 'review-chair', '', 'Panel not yet told of the decision (T4)')
    p.send('NotifyPanelNotInitiated', 'Send pack to the national panel', 19, RN, 'review.notify-panel',
           headers={'notice': 'scr-not-initiated', 'recipients': 'national-panel'})
    p.gw('Gw_WaitAdvice', None, 20, RN, kind='eventBased')
    p.catch('CatchAdvice', 'National panel advice received', 21, RN, message='review.panel-advice.received',
            key='=caseId')
    p.catch('CatchNoAdvice', 'No advice within the panel\'s cycle (T7)', 21, RN + 1.5, timer=('timeDate', '=dueT7'))
    p.user('RecordAdviceNi', 'Record panel advice and the board\'s response', 22, RN, 'review-chair', D,
           'scr-panel-advice', outputs=[('=panelAdvice', 'panelAdvice'), ('=boardResponse', 'panelAdviceResponse'),
                                       ('=boardNowInitiates = true', 'boardNowInitiates')])
    p.gw('Gw_NowInitiates', 'Board now initiates an SCR?', 23, RN)
    p.gw('Gw_NoAdvice_Merge', None, 24, RN)
    p.gw('Gw_Alternative', 'Alternative learning review?', 25, RN)
    p.user('AlternativeReview', 'Commission an alternative learning review', 26, RN + 1.5, 'review-subgroup', D,
           'scr-alternative-review', outputs=[('=reviewType', 'alternativeReviewType')])
    p.gw('Gw_Alternative_Merge', None, 27, RN)
    p.service('CloseNotInitiated', 'Close case record', 28, RN, 'case.close', )
    p.end('End_NotInitiated', 'Referral closed without an SCR', 29, RN)
    p.flow('Gw_Decision', 'ComputeT4', 'Not initiated / alternative review / NFA', default=True)
    p.chain('ComputeT4', 'PanelPack', 'NotifyPanelNotInitiated', 'Gw_WaitAdvice')
    p.flow('Gw_WaitAdvice', 'CatchAdvice')
    p.flow('Gw_WaitAdvice', 'CatchNoAdvice')
    p.flow('CatchAdvice', 'RecordAdviceNi')
    p.flow('RecordAdviceNi', 'Gw_NowInitiates')
    p.flow('Gw_NowInitiates', 'Gw_NoAdvice_Merge', 'No', default=True)
    p.flow('CatchNoAdvice', 'Gw_NoAdvice_Merge')
    p.flow('Gw_NoAdvice_Merge', 'Gw_Alternative')
    p.flow('Gw_Alternative', 'AlternativeReview', 'Yes', cond='=scrDecision = "ALTERNATIVE_LEARNING_REVIEW"')
    p.flow('Gw_Alternative', 'Gw_Alternative_Merge', 'No', default=True)
    p.flow('AlternativeReview', 'Gw_Alternative_Merge')
    p.chain('Gw_Alternative_Merge', 'CloseNotInitiated', 'End_NotInitiated')

    # ----- initiated
    p.gw('Gw_Initiate_Merge', None, 17, R)
    p.service('ComputeT5', 'Compute completion deadline (T5)', 18, R, 'deadline.compute',
              headers={'timescaleIds': 'T5', 'clockStart': 'now'})
    p.user('AppointReviewers', 'Appoint independent reviewers', 19, R, 'review-subgroup', D,
           'scr-appoint-reviewers', outputs=[('=independenceDeclared = true', 'reviewerIndependenceDeclared')])
    p.send('NotifyPanelInitiated', 'Inform panel and Ofsted: SCR initiated', 20, R, 'review.notify-panel',
           headers={'notice': 'scr-initiated', 'recipients': 'national-panel,ofsted'})
    p.flow('Gw_Decision', 'Gw_Initiate_Merge', 'SCR initiated', cond='=scrDecision = "SCR_INITIATED"')
    p.flow('Gw_NowInitiates', 'Gw_Initiate_Merge', 'Yes', cond='=boardNowInitiates', via=[(23, RN - 1.0), (17, RN - 1.0)])
    p.chain('Gw_Initiate_Merge', 'ComputeT5', 'AppointReviewers', 'NotifyPanelInitiated')

    with p.sub('Sub_Review', 'Conduct the serious case review'):
        p.start('Start_Review', None, 21, R)
        p.user('TermsOfReference', 'Agree terms of reference, methodology and scope', 22, R, 'review-subgroup', D,
               'scr-terms-of-reference', outputs=[('=imrAgencyIds', 'imrAgencyIds'), ('=imrDueOn', 'imrDueOn'),
                                                  ('=methodology', 'methodology'),
                                                  ('={police: parallelPolice = true, coroner: parallelCoroner = true, '
                                                   'care: parallelCare = true}', 'parallelProceedings')])
        p.user('FamilyEngagement', 'Engage the family', 23, R, 'review-business-unit', D, 'review-family-engagement',
               outputs=[('=familyParticipation', 'familyParticipation')])
        with p.sub('Sub_Imr', 'Individual management review from each agency',
                   mi=dict(collection='=imrAgencyIds', element='agencyId', outCollection='imrsAccepted',
                           outElement='=agencyId')):
            p.start('Start_Imr', None, 24, R)
            p.send('CommissionImr', 'Commission IMR', 25, R, 'agency-request.send', headers={'requestType': 'imr'})
            p.receive('ReceiveImr', 'IMR received', 26, R, 'agency-request.returned', '=caseId + "/imr/" + string(agencyId)')
            p.user('QaImr', 'Quality-assure the IMR', 27, R, 'review-subgroup', D, 'scr-imr-quality',
                   outputs=[('=imrAssessment = "ACCEPTED"', 'imrAccepted')])
            p.gw('Gw_ImrOk', 'IMR accepted?', 28, R)
            p.send('ReviseImr', 'Ask for a revised IMR', 27, R - 1.4, 'agency-request.send',
                   headers={'requestType': 'imr-revision'})
            p.end('End_Imr', None, 29, R)
            p.chain('Start_Imr', 'CommissionImr', 'ReceiveImr', 'QaImr', 'Gw_ImrOk')
            p.flow('Gw_ImrOk', 'End_Imr', 'Yes', cond='=imrAccepted')
            p.flow('Gw_ImrOk', 'ReviseImr', 'No', default=True, via=[(28, R - 1.4)])
            p.flow('ReviseImr', 'ReceiveImr', via=[(26, R - 1.4)])
            p.escalate('ReceiveImr', 'IMR', '=date and time(imrDueOn + "T17:00:00@Europe/London")',
                       'review-business-unit', '', 'Chase agency for overdue IMR')
        p.user('LearningEvent', 'Hold practitioner learning event', 30, R, 'review-business-unit', D,
               'review-learning-event', outputs=[('=learningEventHeld = true', 'learningEventHeld')])
        p.user('OverviewReport', 'Receive overview report', 31, R, 'review-business-unit', D, 'scr-overview-report',
               outputs=[('=overviewReportReceived = true', 'overviewReportReceived')])
        p.user('BoardResponse', 'LSCB written response and action plan', 32, R, 'review-chair', D,
               'review-board-response', outputs=[('=findingsAccepted = true', 'findingsAccepted'),
                                                 ('=actionPlanAgreed = true', 'actionPlanAgreed')])
        p.end('End_Review', 'Report and response agreed', 33, R)
        p.chain('Start_Review', 'TermsOfReference', 'FamilyEngagement', 'Sub_Imr', 'LearningEvent', 'OverviewReport',
                'BoardResponse', 'End_Review')
    p.flow('NotifyPanelInitiated', 'Sub_Review')
    p.escalate('Sub_Review', 'T5', '=dueT5', 'review-chair', '', 'Over 6 months (T5): report delay to the board',
               col=22, row=R + 4.0)
    p.boundary('PanelAdviceDuringReview', 'National panel advice received', 'Sub_Review',
               message='review.panel-advice.received', key='=caseId', col=24.5)
    p.user('RecordAdviceReview', 'Record panel advice and the board\'s response', 24.5, R + 4.0, 'review-chair', D,
           'scr-panel-advice', outputs=[('=panelAdvice', 'panelAdvice'), ('=boardResponse', 'panelAdviceResponse')])
    p.end('End_AdviceReview', 'Advice recorded', 25.2, R + 4.0)
    p.chain('PanelAdviceDuringReview', 'RecordAdviceReview', 'End_AdviceReview')

    # ----- publication
    c = 35
    p.gw('Gw_Publication_Merge', None, c - 1, R)
    p.user('PublicationDecision', 'Decide on publication', c, R, 'review-chair', D, 'scr-publication-decision',
           outputs=[('=publicationDecision', 'publicationDecision')], priority=60)
    p.gw('Gw_Publication', 'Publication decision', c + 1, R)
    p.send('AdvanceNotice', 'Advance notice to the panel and Ofsted', c + 2, R, 'review.notify-panel',
           headers={'notice': 'scr-publication-notice', 'recipients': 'national-panel,ofsted'})
    p.user('Publish', 'Publish the report with the board\'s response', c + 3, R, 'review-business-unit', D,
           'review-publish', outputs=[('=publishedOn', 'publishedOn')])
    p.service('ComputeT6', 'Compute earliest removal date (T6)', c + 4, R, 'deadline.compute',
              headers={'timescaleIds': 'T6', 'clockStart': 'publishedOn'})
    p.catch('CatchProceedings', 'Parallel proceedings concluded', c + 1, R - 1.5,
            message='review.parallel-proceedings.concluded', key='=caseId')
    p.send('NotifyNotPublished', 'Tell the national panel: not publishing', c + 3, R + 1.5,
           'review.notify-panel', headers={'notice': 'scr-not-published', 'recipients': 'national-panel'})
    p.gw('Gw_Publication_Done', None, c + 5, R)
    p.flow('Sub_Review', 'Gw_Publication_Merge')
    p.chain('Gw_Publication_Merge', 'PublicationDecision', 'Gw_Publication')
    p.flow('Gw_Publication', 'AdvanceNotice', 'Publish (full or summary)',
           cond='=publicationDecision = "PUBLISH_FULL" or publicationDecision = "PUBLISH_SUMMARY"')
    p.flow('Gw_Publication', 'CatchProceedings', 'Delay for parallel proceedings',
           cond='=publicationDecision = "DELAY_PARALLEL_PROCEEDINGS"')
    p.flow('CatchProceedings', 'Gw_Publication_Merge', via=[(c - 1, R - 1.5)])
    p.flow('Gw_Publication', 'NotifyNotPublished', 'Not published', default=True)
    p.chain('AdvanceNotice', 'Publish', 'ComputeT6', 'Gw_Publication_Done')
    p.flow('NotifyNotPublished', 'Gw_Publication_Done')

    # ----- action plan monitoring
    p.gw('Gw_Monitor_Merge', None, c + 6, R)
    p.user('ActionPlanReview', 'Review action-plan progress', c + 7, R, 'review-subgroup', D, 'review-action-plan',
           outputs=[('=allActionsComplete = true', 'allActionsComplete'), ('=actionPlanRag', 'actionPlanRag')])
    p.gw('Gw_Actions', 'All actions complete?', c + 8, R)
    p.catch('NextReview', 'Next monitoring date', c + 7, R - 1.5, timer=('timeDuration', '=actionPlanReviewInterval'))
    p.service('CloseRecord', 'Close case record', c + 9, R, 'case.close', )
    p.end('End_Closed', 'SCR closed', c + 10, R)
    p.chain('Gw_Publication_Done', 'Gw_Monitor_Merge', 'ActionPlanReview', 'Gw_Actions')
    p.flow('Gw_Actions', 'CloseRecord', 'Yes', cond='=allActionsComplete')
    p.flow('Gw_Actions', 'NextReview', 'No', default=True, via=[(c + 8, R - 1.5)])
    p.flow('NextReview', 'Gw_Monitor_Merge', via=[(c + 6, R - 1.5)])
    p.flow('CloseRecord', 'End_Closed')
    p.further_referral('review-business-unit', 0.3, 1.0)
    return p


def criteria_fields():
    return [
        heading('Regulation 5(2) LSCB Regulations 2006: abuse or neglect known or suspected AND (the child died OR '
                '(the child was seriously harmed AND there is concern about how the authority, partners or others '
                'worked together)). If met, an SCR must be held.'),
        check('abuseOrNeglectKnownOrSuspected', 'Abuse or neglect is known or suspected'),
        check('childDied', 'The child has died (including suspected suicide)'),
        check('childSeriouslyHarmed', 'The child has been seriously harmed'),
        check('concernAboutWorkingTogether', 'There is cause for concern about how the authority, its partners or '
                                             'others worked together to safeguard the child'),
        heading('An SCR is always held if the child died in custody, was detained under the Mental Health Act, or '
                'was 16/17 and subject to a deprivation-of-liberty order:'),
        check('diedInCustody', 'Died in custody, a YOI, secure training centre or secure children\'s home'),
        check('detainedUnderMentalHealthAct', 'Detained under the Mental Health Act'),
        check('deprivationOfLibertyOrder', 'Aged 16/17 and subject to a deprivation-of-liberty order (MCA 2005)')]


def forms():
    register('scr-notifiable-incident', 'Notifiable incident: Ofsted and LSCB notified', [
        check('ofstedNotified', 'The local authority has notified Ofsted'),
        check('lscbNotified', 'The local authority has notified the LSCB'),
        date('notificationSentOn', 'Notification sent on')])
    register('scr-subgroup-recommendation', 'SCR subgroup recommendation to the Chair', criteria_fields() + [
        select('recommendation', 'Recommendation', [('SCR_INITIATED', 'Initiate a serious case review'),
                                                    ('ALTERNATIVE_LEARNING_REVIEW', 'Another form of learning review'),
                                                    ('SCR_NOT_INITIATED_CRITERIA_NOT_MET', 'Criteria not met'),
                                                    ('NO_FURTHER_ACTION', 'No further action')]),
        select('decisionMakerRole', 'Recommendation made by (role)', [('SCR_SUBGROUP', 'SCR subgroup (chair)')]),
        rationale()])
    register('scr-chair-decision', 'LSCB Chair decision', criteria_fields() + [
        select('scrDecision', 'Decision', [('SCR_INITIATED', 'Initiate a serious case review'),
                                           ('SCR_NOT_INITIATED_CRITERIA_NOT_MET', 'Do not initiate: criteria not met'),
                                           ('ALTERNATIVE_LEARNING_REVIEW', 'Commission another form of learning review'),
                                           ('NO_FURTHER_ACTION', 'No further action')]),
        select('decisionMakerRole', 'Decision made by (role)', [('LSCB_CHAIR', 'LSCB independent chair')]),
        rationale()])
    register('scr-panel-pack', 'Decision not to initiate: information for the national panel', [
        check('panelPackComplete', 'Decision, copy of the notification and explanation sent to the national panel'),
        date('sentOn', 'Sent on')])
    register('scr-panel-advice', 'National panel advice', [
        select('panelAdvice', 'Panel advice', [('AGREES', 'Agrees with the LSCB'), ('ADVISES_SCR', 'Advises an SCR'),
                                              ('ADVISES_OTHER', 'Other advice (reviewer, scope, publication)'),
                                              ('REQUESTS_INFORMATION', 'Requests more information or a meeting')]),
        select('boardResponse', 'LSCB response (must have regard to the advice; not bound by it)',
               [('AGREED', 'Agreed'), ('DISAGREED', 'Disagreed')]),
        check('boardNowInitiates', 'The LSCB now initiates an SCR'),
        select('decisionMakerRole', 'Response decided by (role)', [('LSCB_CHAIR', 'LSCB independent chair')]),
        rationale()])
    register('scr-alternative-review', 'Alternative learning review', [
        select('reviewType', 'Type of review', [('PARTNERSHIP_REVIEW', 'Partnership learning review'),
                                                ('MULTI_AGENCY_CASE_REVIEW', 'Multi-agency case review'),
                                                ('OTHER', 'Other')])])
    register('scr-appoint-reviewers', 'Reviewers', [
        check('leadReviewerAppointed', 'Lead reviewer(s) appointed, independent of the case and the agencies'),
        check('independenceDeclared', 'Independence declaration received'),
        check('overviewAuthorAppointed', 'Overview report author appointed'),
        date('appointedOn', 'Appointed on')])
    register('scr-terms-of-reference', 'Terms of reference', [
        select('methodology', 'Methodology', [('SYSTEMS', 'Systems approach'), ('IMR_OVERVIEW', 'IMRs and overview report'),
                                              ('OTHER', 'Other model consistent with the principles')]),
        checklist('imrAgencyIds', 'Agencies asked for an IMR', 'agencyOptions'),
        date('imrDueOn', 'IMRs due on'),
        check('parallelPolice', 'Parallel police / CPS proceedings'),
        check('parallelCoroner', 'Coroner\'s inquest'),
        check('parallelCare', 'Care proceedings')])
    register('review-family-engagement', 'Family engagement', [
        select('familyParticipation', 'Family participation', [('PARTICIPATING', 'Participating'),
                                                               ('DECLINED', 'Declined'), ('NOT_YET', 'Not yet'),
                                                               ('NOT_APPROPRIATE', 'Not appropriate')])])
    register('scr-imr-quality', 'IMR quality assurance', [
        select('imrAssessment', 'Assessment (chronology, context, analysis, recommendations)',
               [('ACCEPTED', 'Accepted'), ('REVISION_NEEDED', 'Revision needed')]),
        textarea('record.qualityNotes', 'What needs revising (kept in the case record)', required=False)])
    register('review-learning-event', 'Practitioner learning event', [
        check('learningEventHeld', 'Learning event held'), date('heldOn', 'Held on')])
    register('scr-overview-report', 'Overview report', [
        check('overviewReportReceived', 'Draft overview report received'), date('receivedOn', 'Received on')])
    register('review-board-response', 'Written response and action plan', [
        check('findingsAccepted', 'Findings accepted'),
        check('actionPlanAgreed', 'Action plan agreed, with owners, dates and how impact will be monitored'),
        rationale('Response and priorities (kept in the case record)')])
    register('scr-publication-decision', 'Publication decision', [
        select('publicationDecision', 'Decision', [('PUBLISH_FULL', 'Publish in full'),
                                                   ('PUBLISH_SUMMARY', 'Publish a redacted / summary report'),
                                                   ('DELAY_PARALLEL_PROCEEDINGS', 'Delay for criminal proceedings or an inquest'),
                                                   ('NOT_PUBLISHED', 'Do not publish')]),
        check('panelAdviceConsidered', 'National panel advice considered'),
        select('decisionMakerRole', 'Decision made by (role)', [('LSCB_CHAIR', 'LSCB independent chair')]),
        rationale()])
    register('review-publish', 'Publication', [
        date('publishedOn', 'Published on'),
        check('publishedWithResponse', 'Published with the written response')])
    register('review-action-plan', 'Action-plan monitoring', [
        select('actionPlanRag', 'Overall status', [('RED', 'Red'), ('AMBER', 'Amber'), ('GREEN', 'Green')]),
        check('allActionsComplete', 'All actions complete: close the review')])
