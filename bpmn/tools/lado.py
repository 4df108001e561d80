from bpmngen import Proc
from forms import register, check, select, textarea, role, rationale, heading, date

D = '=now() + duration(defaultTaskTurnaround)'
LADO_ROLES = [('LADO', 'LADO / designated officer'), ('LADO_MANAGER', 'LADO manager / head of safeguarding')]


def build():
    p = Proc('lado-allegation', 'LADO: allegation against a person who works with children', version_tag='lado-1',
             doc='DOMAIN §5 (LADO-WT2013 / LADO-WT2018). processVersion and kcsieEdition are pinned by case.open '
                 'and kept for the life of the case. Variables hold ids, flags, codes and dates only.')
    R = 8  # main row
    p.start('Start_ReferralReceived', 'Referral received by the LADO', 0, R)
    p.service('OpenCase', 'Open case record (pin KCSIE edition)', 1, R, 'case.open',
              )
    # Each deadline only where the law sets it (docs/processes.md §2 "Owed when"): L1 only when the allegation's
    # report date is known, and judged at once (the referral is the report: met, or breached by Emit_L1); L1a only
    # for a verbal referral; L2a/L2b when a meeting is called (ComputeMeeting); L8a on the NFA / advice route.
    p.service('ComputeDeadlines', 'Compute deadlines (L1, L1a, L8b)', 2, R, 'deadline.compute',
              headers={'timescaleIds': 'L1,L1a,L8b1,L8b3,L8b12', 'clockStart': 'referralReceivedAt',
                       'clockStartOverrides': 'L1=allegationReportedAt', 'clockStops': 'L1=referralReceivedAt',
                       'owedWhen': 'L1a=owedL1a'},
              inputs=[('=referralChannel = "VERBAL"', 'owedL1a')])
    p.gw('Gw_L1', 'Reported to the LADO within 1 working day?', 3, R)
    p.service('Emit_L1', 'Record L1 breach (late report by employer)', 4, R + 1.4, 'case-event.emit',
              headers={'eventType': 'deadline.breached', 'timescaleId': 'L1'})
    p.gw('Gw_L1_Merge', None, 5, R)
    p.gw('Split_FollowUp', None, 6, R, kind='parallel')
    p.flow('Start_ReferralReceived', 'OpenCase')
    p.chain('OpenCase', 'ComputeDeadlines', 'Gw_L1')
    p.flow('Gw_L1', 'Emit_L1', 'No: late', cond='=breachAtL1 != null and date and time(referralReceivedAt) >= date and time(breachAtL1)')
    p.flow('Gw_L1', 'Gw_L1_Merge', 'Yes', default=True)
    p.flow('Emit_L1', 'Gw_L1_Merge')
    p.flow('Gw_L1_Merge', 'Split_FollowUp')

    # written follow-up of a verbal referral (L1a), in parallel with the case
    p.gw('Gw_Verbal', 'Verbal referral?', 7, 0)
    p.receive('Receive_Written', 'Written referral received', 8, 0, 'lado.written-referral.received', '=caseId')
    p.end('End_WrittenOnFile', 'Written referral on file', 9, 0)
    p.end('End_AlreadyWritten', 'Referral was in writing', 8, -0.9)
    p.flow('Split_FollowUp', 'Gw_Verbal', via=[(6, 0)])
    p.flow('Gw_Verbal', 'Receive_Written', 'Yes', cond='=referralChannel = "VERBAL"')
    p.flow('Gw_Verbal', 'End_AlreadyWritten', 'No', default=True)
    p.flow('Receive_Written', 'End_WrittenOnFile')
    p.escalate('Receive_Written', 'L1a', '=dueL1a', 'lado-manager', 'Written follow-up overdue (3 WD)',
               'Chase overdue written referral')

    # ----- the allegation, from referral to resolution
    with p.sub('Sub_Manage', 'Manage the allegation (referral to resolution)', pad=(40, 110, 40, 30)):
        p.start('Start_Manage', None, 7, R)
        p.user('InitialConsideration', 'Initial consideration: harm test and route', 8, R, 'lado', D,
               'lado-initial-consideration', outputs=[
                   ('=withinScope = true and (harmTestLimb1 = true or harmTestLimb2 = true or harmTestLimb3 = true or '
                    '(harmTestLimb4Applies = true and harmTestLimb4 = true))', 'harmThresholdMet'),
                   ('={limb1: harmTestLimb1 = true, limb2: harmTestLimb2 = true, limb3: harmTestLimb3 = true, '
                    'limb4: harmTestLimb4 = true}', 'harmTestLimbs'),
                   ('=abuseCategory', 'abuseCategory'),
                   ('=immediateSafeguardingConcern = true', 'immediateSafeguardingConcern'),
                   ('=significantHarmSuspected = true', 'significantHarmSuspected'),
                   ('=route', 'route')], priority=70)
        p.gw('Gw_SignificantHarm', 'Significant harm suspected?', 9, R)
        p.send('ReferCsc', 'Refer to children\'s social care now (s47)', 10, R - 1.3, 'notification.send',
               headers={'template': 'lado-csc-referral', 'recipientRole': 'childrens-social-care'})
        p.gw('Gw_SignificantHarm_Merge', None, 11, R)
        p.gw('Gw_Route', 'Route after initial consideration', 12, R)
        p.chain('Start_Manage', 'InitialConsideration', 'Gw_SignificantHarm')
        p.flow('Gw_SignificantHarm', 'ReferCsc', 'Yes', cond='=significantHarmSuspected')
        p.flow('Gw_SignificantHarm', 'Gw_SignificantHarm_Merge', 'No', default=True)
        p.flow('ReferCsc', 'Gw_SignificantHarm_Merge')
        p.flow('Gw_SignificantHarm_Merge', 'Gw_Route')

        # NFA / advice only
        RA = R - 3.3
        p.service('ComputeL8a', 'Compute resolution deadline (L8a)', 12, RA + 1.6, 'deadline.compute',
                  headers={'timescaleIds': 'L8a', 'clockStart': 'referralReceivedAt'})
        p.gw('Gw_Advice', 'Advice to give?', 12, RA)
        p.user('GiveAdvice', 'Give advice to the employer', 13, RA, 'lado', D, 'lado-advice',
               outputs=[('=adviceGiven', 'adviceGiven')])
        p.gw('Gw_Advice_Merge', None, 14, RA)
        p.user('RecordResolution', 'Record resolution (NFA / advice)', 15, RA, 'lado', '=dueL8a',
               'lado-resolution', outputs=[('=disposal', 'disposal'), ('=finding', 'finding')],
               headers={'deadlineTimescales': 'L8a'})
        p.flow('Gw_Route', 'ComputeL8a', 'No further action or advice only', cond='=route = "NFA" or route = "ADVICE"')
        p.flow('ComputeL8a', 'Gw_Advice')
        p.flow('Gw_Advice', 'GiveAdvice', 'Advice only', cond='=route = "ADVICE"')
        p.flow('Gw_Advice', 'Gw_Advice_Merge', 'No further action', default=True, via=[(12, RA - 1.0), (14, RA - 1.0)])
        p.flow('GiveAdvice', 'Gw_Advice_Merge')
        p.flow('Gw_Advice_Merge', 'RecordResolution')
        p.escalate('RecordResolution', 'L8a', '=dueL8a', 'lado-manager',
                   'Not resolved within 1 week (L8a)', 'Review case not resolved within 1 week')

        # employer to manage
        p.script('EmployerOnly', 'Employer manages: no police or CSC strand', 13, R + 3.3,
                 '={police: false, csc: false, employer: true}', 'strands')
        p.flow('Gw_Route', 'EmployerOnly', 'Employer to manage', cond='=route = "EMPLOYER"')

        # position of trust meeting
        # L2a (72 h from the referral's acceptance) only with immediate safeguarding concerns; L2b (5 WD from the
        # referral) only without them: one meeting deadline per case, never both
        p.service('ComputeMeeting', 'Compute meeting deadline (L2a or L2b)', 13, R, 'deadline.compute',
                  headers={'timescaleIds': 'L2a,L2b', 'clockStart': 'now', 'clockStartOverrides': 'L2b=referralReceivedAt',
                           'owedWhen': 'L2a=owedL2a,L2b=owedL2b'},
                  inputs=[('=immediateSafeguardingConcern = true', 'owedL2a'),
                          ('=immediateSafeguardingConcern != true', 'owedL2b')])
        p.user('PotMeeting', 'Position of trust meeting', 14, R, 'lado',
               '=if immediateSafeguardingConcern then dueL2a else dueL2b', 'lado-pot-meeting', outputs=[
                   ('={police: policeStrand = true, csc: cscStrand = true, employer: employerStrand = true}', 'strands'),
                   ('=suspension', 'suspension'),
                   ('=if reviewCycle = null then reviewMeetingCycle else reviewCycle', 'reviewMeetingCycle')],
               priority=70, headers={'deadlineTimescales': 'L2a,L2b'})
        p.flow('Gw_Route', 'ComputeMeeting', 'Position of trust meeting', default=True)
        p.flow('ComputeMeeting', 'PotMeeting')
        p.escalate('PotMeeting', 'L2', '=if immediateSafeguardingConcern then dueL2a else dueL2b', 'lado-manager',
                   'Meeting not held in time (L2a 72 h / L2b 5 WD)', 'Meeting overdue: agree a date',
                   timescale_expr='=if immediateSafeguardingConcern then "L2a" else "L2b"')
        p.gw('Gw_Strands_Merge', None, 15, R)
        p.flow('PotMeeting', 'Gw_Strands_Merge')
        p.flow('EmployerOnly', 'Gw_Strands_Merge')

        # ----- the three strands
        c0 = 16.5
        with p.sub('Sub_Strands', 'Police, children\'s social care and employer strands', pad=(40, 100, 40, 30)):
            p.start('Start_Strands', None, c0, R)
            p.gw('Split_Strands', 'Which strands?', c0 + 1, R, kind='inclusive')
            # police
            p.service('ComputeL3', 'Compute first police review date (L3)', c0 + 2, R, 'deadline.compute',
                      headers={'timescaleIds': 'L3', 'clockStart': 'now', 'resultVariable': 'duePoliceReview'})
            p.user('PoliceReview', 'Record police review (CPS)', c0 + 3, R, 'lado', '=duePoliceReview',
                   'lado-police-review', outputs=[('=policeReviewResult', 'policeReviewResult'),
                                                  ('=policeResult', 'policeResult')],
                   headers={'deadlineTimescales': 'L3,L3a'})
            p.gw('Gw_Police', 'Police investigation concluded?', c0 + 4, R)
            p.service('ComputeL3a', 'Compute next police review date (L3a)', c0 + 4, R - 1.3, 'deadline.compute',
                      headers={'timescaleIds': 'L3a', 'clockStart': 'now', 'resultVariable': 'duePoliceReview'})
            p.escalate('PoliceReview', 'L3', '=duePoliceReview', 'lado-manager', 'Police review overdue (L3 / L3a)',
                       'Chase police on overdue CPS review')
            p.flow('Split_Strands', 'ComputeL3', 'Police', cond='=strands.police')
            p.chain('Start_Strands', 'Split_Strands')
            p.chain('ComputeL3', 'PoliceReview', 'Gw_Police')
            p.flow('Gw_Police', 'ComputeL3a', 'No: continue', cond='=policeReviewResult = "CONTINUE"')
            p.flow('ComputeL3a', 'PoliceReview', via=[(c0 + 3, R - 1.3)])
            # csc
            RC = R + 3.1
            p.user('S47Outcome', 'Record s47 enquiry outcome', c0 + 3, RC, 'lado', D, 'lado-s47-outcome',
                   outputs=[('=cscResult', 'cscResult')])
            p.flow('Split_Strands', 'S47Outcome', 'Children\'s social care', cond='=strands.csc')
            # employer
            RE = R + 4.5
            # the employer's process decides which deadline is owed: L4 (no formal discipline) or L6a
            # (investigation); L5 (hearing without investigation) is set on its own branch (ComputeL5). Each clock
            # starts when the employer's process is recorded (the agreed advice, the commissioning, the decision).
            p.service('ComputeEmployer', 'Compute employer deadline (L4 or L6a)', c0 + 3, RE,
                      'deadline.compute',
                      headers={'timescaleIds': 'L4,L6a', 'clockStart': 'now', 'owedWhen': 'L4=owedL4,L6a=owedL6a'},
                      inputs=[('=employerProcess = "NO_FORMAL_ACTION"', 'owedL4'),
                              # the investigation is the gateway's default branch: owed whenever the other two are not
                              ('=employerProcess != "NO_FORMAL_ACTION" and employerProcess != "HEARING"', 'owedL6a')])
            p.user('EmployerProcess', 'Record the employer\'s process', c0 + 2, RE, 'lado', D, 'lado-employer-process',
                   outputs=[('=employerProcess', 'employerProcess')])
            p.gw('Gw_EmployerProcess', 'Which employer process?', c0 + 4, RE)
            p.user('IoReport', 'Record investigation report', c0 + 5, RE, 'lado', '=dueL6a',
                   'lado-investigation-report', outputs=[('=ioReportReceived', 'ioReportReceived')],
                   headers={'deadlineTimescales': 'L6a'})
            p.service('ComputeL6b', 'Compute hearing decision deadline (L6b)', c0 + 6, RE, 'deadline.compute',
                      headers={'timescaleIds': 'L6b', 'clockStart': 'now'})
            p.user('HearingDecision', 'Record hearing decision', c0 + 7, RE, 'lado', '=dueL6b',
                   'lado-hearing-decision', outputs=[('=hearingNeeded = true', 'hearingNeeded')],
                   headers={'deadlineTimescales': 'L6b'})
            p.gw('Gw_Hearing', 'Hearing needed?', c0 + 8, RE)
            p.service('ComputeL6c', 'Compute hearing deadline (L6c)', c0 + 9, RE, 'deadline.compute',
                      headers={'timescaleIds': 'L6c', 'clockStart': 'now', 'resultVariable': 'dueHearing'})
            p.gw('Gw_Hearing_Merge', None, c0 + 10, RE)
            p.user('Hearing', 'Record hearing outcome', c0 + 11, RE, 'lado', '=dueHearing',
                   'lado-employer-result', outputs=[('=employerResult', 'employerResult')],
                   headers={'deadlineTimescales': 'L5,L6c'})
            p.gw('Gw_Employer_Merge', None, c0 + 12, RE)
            RH = RE + 3.1
            p.service('ComputeL5', 'Set hearing deadline to L5', c0 + 9, RH, 'deadline.compute',
                      headers={'timescaleIds': 'L5', 'clockStart': 'now', 'resultVariable': 'dueHearing'})
            RN = RH + 1.3
            p.user('EmployerAction', 'Record employer action (L4)', c0 + 5, RN, 'lado', '=dueL4',
                   'lado-employer-result', outputs=[('=employerResult', 'employerResult')],
                   headers={'deadlineTimescales': 'L4'})
            p.escalate('IoReport', 'L6a', '=dueL6a', 'lado-manager', 'Report overdue (L6a 10 WD)',
                       'Chase employer: report overdue')
            p.escalate('HearingDecision', 'L6b', '=dueL6b', 'lado-manager', 'Decision overdue (L6b 2 WD)',
                       'Chase employer: hearing decision overdue')
            p.escalate('Hearing', 'L5-L6c', '=dueHearing', 'lado-manager', 'Hearing overdue (L5 / L6c 15 WD)',
                       'Chase employer: hearing overdue',
                       timescale_expr='=if employerProcess = "HEARING" then "L5" else "L6c"')
            p.escalate('EmployerAction', 'L4', '=dueL4', 'lado-manager', 'Employer action overdue (L4 3 WD)',
                       'Chase employer: action overdue')
            p.flow('Split_Strands', 'EmployerProcess', 'Employer', cond='=strands.employer')
            p.chain('EmployerProcess', 'ComputeEmployer', 'Gw_EmployerProcess')
            p.flow('Gw_EmployerProcess', 'IoReport', 'Investigation', default=True)
            p.flow('Gw_EmployerProcess', 'ComputeL5', 'Hearing without investigation',
                   cond='=employerProcess = "HEARING"')
            p.flow('Gw_EmployerProcess', 'EmployerAction', 'No formal discipline',
                   cond='=employerProcess = "NO_FORMAL_ACTION"')
            p.chain('IoReport', 'ComputeL6b', 'HearingDecision', 'Gw_Hearing')
            p.flow('Gw_Hearing', 'ComputeL6c', 'Yes', cond='=hearingNeeded')
            p.flow('Gw_Hearing', 'Gw_Employer_Merge', 'No', default=True, via=[(c0 + 8, RE - 0.8), (c0 + 12, RE - 0.8)])
            p.flow('ComputeL6c', 'Gw_Hearing_Merge')
            p.flow('ComputeL5', 'Gw_Hearing_Merge')
            p.chain('Gw_Hearing_Merge', 'Hearing', 'Gw_Employer_Merge')
            p.flow('EmployerAction', 'Gw_Employer_Merge')
            # join
            p.gw('Join_Strands', 'All strands concluded', c0 + 13, R, kind='inclusive')
            p.end('End_Strands', None, c0 + 14, R)
            p.flow('Gw_Police', 'Join_Strands', 'Yes', default=True)
            p.flow('S47Outcome', 'Join_Strands')
            p.flow('Gw_Employer_Merge', 'Join_Strands')
            p.flow('Split_Strands', 'Join_Strands', 'None needed', default=True, via=[(c0 + 1, R - 1.9), (c0 + 13, R - 1.9)])
            p.flow('Join_Strands', 'End_Strands')
        p.flow('Gw_Strands_Merge', 'Sub_Strands')
        # review meetings while strands run
        p.boundary('Timer_ReviewMeeting', 'Review meeting due', 'Sub_Strands', timer=('timeCycle', '=reviewMeetingCycle'),
                   col=c0 + 7)
        p.user('ReviewMeeting', 'Hold review meeting', c0 + 7, R + 12.6, 'lado', D, 'lado-review-meeting',
               outputs=[('=strandsOnTrack', 'strandsOnTrack')])
        p.end('End_ReviewMeeting', 'Review meeting held', c0 + 8, R + 12.6)
        p.chain('Timer_ReviewMeeting', 'ReviewMeeting', 'End_ReviewMeeting')

        k = c0 + 15.5
        p.user('OutcomeMeeting', 'Outcome meeting: finding and referrals', k, R, 'lado', D, 'lado-outcome-meeting',
               outputs=[('=finding', 'finding'), ('=disposal', 'disposal'),
                        ('=referDbs = true or referTra = true or referRegulator = true or referOfsted = true',
                         'referralsNeeded'),
                        ('={dbs: referDbs = true, tra: referTra = true, regulator: referRegulator = true, '
                         'ofsted: referOfsted = true}', 'referralsDecided')], priority=70)
        p.service('RecordOutcome', 'Record outcome under the pinned KCSIE edition', k + 1, R, 'lado.record-outcome')
        p.gw('Gw_Referrals', 'Refer to DBS, TRA or a regulator?', k + 2, R)
        p.user('ConfirmReferrals', 'Confirm referrals made (DBS / TRA / regulator)', k + 3, R + 1.5, 'lado', D,
               'lado-referrals', outputs=[('=referralsConfirmed', 'referralsConfirmed')])
        p.gw('Gw_Referrals_Merge', None, k + 4, R)
        p.service('ComputeL7', 'Compute feedback deadline (L7)', k + 5, R, 'deadline.compute',
                  headers={'timescaleIds': 'L7', 'clockStart': 'now'})
        p.user('WrittenFeedback', 'Confirm written feedback sent', k + 6, R, 'lado', '=dueL7',
               'lado-written-feedback', outputs=[('=feedbackSent', 'feedbackSent')],
               headers={'deadlineTimescales': 'L7'})
        p.escalate('WrittenFeedback', 'L7', '=dueL7', 'lado-manager', 'Feedback overdue (L7 5 WD)',
                   'Chase employer: written feedback overdue')
        p.gw('Gw_FalseMalicious', 'False or malicious?', k + 7, R)
        p.user('ConsiderAction', 'Consider action: false or malicious allegation', k + 8, R + 1.5, 'lado', D,
               'lado-false-malicious', outputs=[('=actionConsidered', 'falseAllegationActionConsidered')])
        p.gw('Gw_FalseMalicious_Merge', None, k + 9, R)
        p.gw('Gw_Resolved', None, k + 10, R)
        p.user('CloseCase', 'Close the case: lessons learned', k + 11, R, 'lado', D, 'lado-closure',
               outputs=[('=lessonsLearned', 'lessonsLearned')])
        # terminate: the LADO's closure ends what is still open in the allegation (a review meeting prompt or an
        # escalation task that came due meanwhile), so a timer never keeps the case record from closing
        p.end('End_Manage', 'Allegation resolved', k + 12, R, terminate=True)
        p.flow('Sub_Strands', 'OutcomeMeeting')
        p.chain('OutcomeMeeting', 'RecordOutcome', 'Gw_Referrals')
        p.flow('Gw_Referrals', 'ConfirmReferrals', 'Yes', cond='=referralsNeeded')
        p.flow('Gw_Referrals', 'Gw_Referrals_Merge', 'No', default=True)
        p.flow('ConfirmReferrals', 'Gw_Referrals_Merge')
        p.chain('Gw_Referrals_Merge', 'ComputeL7', 'WrittenFeedback', 'Gw_FalseMalicious')
        p.flow('Gw_FalseMalicious', 'ConsiderAction', 'Yes', cond='=finding = "FALSE" or finding = "MALICIOUS"')
        p.flow('Gw_FalseMalicious', 'Gw_FalseMalicious_Merge', 'No', default=True)
        p.flow('ConsiderAction', 'Gw_FalseMalicious_Merge')
        p.flow('Gw_FalseMalicious_Merge', 'Gw_Resolved')
        p.flow('RecordResolution', 'Gw_Resolved', via=[(k + 10, RA)])
        p.chain('Gw_Resolved', 'CloseCase', 'End_Manage')

    p.flow('Split_FollowUp', 'Sub_Manage')
    # portfolio targets on the whole allegation (L8b)
    RB = R + 14.6
    p.escalate('Sub_Manage', 'L8b1', '=dueL8b1', 'lado-manager', 'Open 1 month (L8b target 80%)',
               'Review case open over 1 month', col=10, row=RB)
    p.escalate('Sub_Manage', 'L8b3', '=dueL8b3', 'lado-manager', 'Open 3 months (L8b target 90%)',
               'Review case open over 3 months', col=12, row=RB)
    p.escalate('Sub_Manage', 'L8b12', '=dueL8b12', 'lado-manager', 'Open 12 months (L8b: exceptional only)',
               'Review case open over 12 months', col=14, row=RB)
    p.service('CloseRecord', 'Close case record', k + 14, R, 'case.close', )
    p.end('End_Closed', 'Case closed', k + 15, R, terminate=True)
    p.chain('Sub_Manage', 'CloseRecord', 'End_Closed')
    p.further_referral('lado', 0.3, 0.2)
    return p


def forms():
    register('lado-initial-consideration', 'Initial consideration (LADO with the case manager)', [
        heading('Harm test (KCSIE Part 4). Tick each limb that applies. Limb 4 (suitability / transferable risk) '
                'only appears for KCSIE editions that include it.'),
        check('withinScope', 'The person works with children (paid, unpaid, volunteer, agency, self-employed, '
                             'foster carer, or under 18 in a position of trust)'),
        check('harmTestLimb1', 'Limb 1: behaved in a way that has harmed, or may have harmed, a child'),
        check('harmTestLimb2', 'Limb 2: possibly committed a criminal offence against or related to a child'),
        check('harmTestLimb3', 'Limb 3: behaved towards a child or children in a way that indicates they may pose '
                               'a risk of harm'),
        check('harmTestLimb4', 'Limb 4: behaved, or may have behaved, in a way that indicates they may not be '
                               'suitable to work with children (transferable risk)', hide='=not(harmTestLimb4Applies)'),
        select('abuseCategory', 'Abuse category', [('SEXUAL', 'Sexual'), ('PHYSICAL', 'Physical'),
                                                   ('EMOTIONAL', 'Emotional'), ('NEGLECT', 'Neglect'),
                                                   ('SUITABILITY', 'Suitability / transferable risk')]),
        check('immediateSafeguardingConcern', 'Immediate safeguarding concern (meeting within 72 hours)'),
        check('significantHarmSuspected', 'Significant harm suspected: refer to children\'s social care now; '
                                          'protecting the child does not wait for a meeting'),
        select('route', 'Route', [('NFA', 'No further action'), ('ADVICE', 'Information / advice only'),
                                  ('EMPLOYER', 'Employer to manage (no police or CSC involvement)'),
                                  ('MEETING', 'Position of trust (strategy) meeting')]),
        role(LADO_ROLES), rationale()])
    register('lado-advice', 'Advice to the employer', [
        select('adviceGiven', 'Advice given', [('SAFEGUARDING_PRACTICE', 'Safeguarding practice / training'),
                                               ('CONDUCT', 'Staff conduct and code of conduct'),
                                               ('OTHER', 'Other')]),
        textarea('record.adviceSummary', 'Summary of the advice (kept in the case record)')])
    register('lado-resolution', 'Resolution at initial consideration', [
        select('disposal', 'Disposal', [('NFA', 'No further action'), ('INFORMATION_ONLY', 'Information / advice only')]),
        check('clearlyUnsubstantiatedOrMalicious', 'Clearly unsubstantiated or malicious from the outset (L8a: resolve '
                                                   'within 1 week)'),
        select('finding', 'Finding, if one can be reached (pinned KCSIE edition)', [], required=False,
               values_key='findingOptions'),
        role(LADO_ROLES), rationale()])
    register('lado-pot-meeting', 'Position of trust (strategy) meeting', [
        heading('Agree the strands, the suspension view, who informs the person and the parents, information '
                'sharing and the review dates.'),
        check('policeStrand', 'Police investigation'),
        check('cscStrand', 'Children\'s social care s47 enquiries'),
        check('employerStrand', 'Employer disciplinary / suitability process'),
        select('suspension', 'Suspension (not automatic; consider alternatives first)',
               [('IMPOSED', 'Suspended'), ('ALTERNATIVES', 'Alternatives to suspension'), ('NONE', 'No suspension')]),
        select('reviewCycle', 'Review meetings', [('R/P2W', 'Every 2 weeks'), ('R/P4W', 'Every 4 weeks'),
                                                  ('R/P6W', 'Every 6 weeks'), ('R/P8W', 'Every 8 weeks')],
               required=False, desc='Leave empty to use the partnership default'),
        date('meetingHeldOn', 'Meeting held on'),
        role(LADO_ROLES), rationale('Decisions and rationale (kept in the case record)')])
    register('lado-police-review', 'Police review with the CPS', [
        select('policeReviewResult', 'Result of this review', [('CHARGE', 'Charge'), ('CONTINUE', 'Continue investigation'),
                                                               ('CLOSE', 'Close / no further action')]),
        select('policeResult', 'Police strand result (when concluded)',
               [('NFA', 'No further action'), ('CHARGED', 'Charged'), ('CONVICTED', 'Convicted'),
                ('ACQUITTED', 'Acquitted'), ('CAUTION', 'Caution'), ('INVESTIGATION_CLOSED', 'Investigation closed'),
                ('ONGOING', 'Not concluded yet')]),
        date('reviewHeldOn', 'Review held on')])
    register('lado-s47-outcome', 'Children\'s social care strand', [
        select('cscResult', 'Result', [('S47_NOT_SUBSTANTIATED', 's47 not substantiated'),
                                       ('S47_SUBSTANTIATED', 's47 substantiated'), ('CP_PLAN', 'Child protection plan'),
                                       ('CIN', 'Child in need')])])
    register('lado-employer-process', 'Employer\'s process', [
        select('employerProcess', 'Process the employer is following', [
            ('NO_FORMAL_ACTION', 'Action without formal discipline (L4: 3 working days)'),
            ('HEARING', 'Disciplinary hearing, no further investigation needed (L5: 15 working days)'),
            ('INVESTIGATION', 'Investigation first (L6a report 10 WD, L6b decision 2 WD, L6c hearing 15 WD)')])])
    register('lado-investigation-report', 'Investigating officer\'s report', [
        check('ioReportReceived', 'Report received by the employer'), date('reportReceivedOn', 'Report received on')])
    register('lado-hearing-decision', 'Employer decision on a hearing', [
        check('hearingNeeded', 'A disciplinary hearing is needed'), date('decidedOn', 'Decided on')])
    register('lado-employer-result', 'Employer strand result', [
        select('employerResult', 'Result', [
            ('NO_ACTION', 'No action'), ('MANAGEMENT_ADVICE', 'Management advice / training'), ('WARNING', 'Warning'),
            ('FINAL_WARNING', 'Final warning'), ('DISMISSAL', 'Dismissal'),
            ('CEASED_TO_USE', 'Ceased to use services'), ('RESIGNATION', 'Resignation'),
            ('SUSPENSION_LIFTED', 'Suspension lifted')]),
        date('resultOn', 'Date')])
    register('lado-review-meeting', 'Review meeting', [
        check('strandsOnTrack', 'All strands are progressing to plan'),
        date('meetingHeldOn', 'Meeting held on'),
        textarea('record.reviewNotes', 'Progress and actions (kept in the case record)')])
    register('lado-outcome-meeting', 'Outcome meeting', [
        heading('The finding list follows the KCSIE edition pinned when the case opened.'),
        select('finding', 'Finding', [], values_key='findingOptions'),
        select('disposal', 'Disposal', [('EMPLOYER_ACTION', 'Employer action'), ('NFA', 'No further action'),
                                        ('INFORMATION_ONLY', 'Information only')]),
        check('referDbs', 'Refer to the DBS (legal duty if substantiated and the person is dismissed, resigns or '
                          'stops providing services)'),
        check('referTra', 'Refer to the Teaching Regulation Agency'),
        check('referRegulator', 'Refer to a professional regulator (GMC, NMC, HCPC, Social Work England...)'),
        check('referOfsted', 'Inform Ofsted'),
        role(LADO_ROLES), rationale('Rationale and lessons learned (kept in the case record)')])
    register('lado-referrals', 'Referrals made', [
        check('referralsConfirmed', 'All referrals decided at the outcome meeting have been made'),
        date('referralsMadeOn', 'Referrals made on')])
    register('lado-written-feedback', 'Written feedback to the person', [
        check('feedbackSent', 'Written feedback sent to the person'), date('feedbackSentOn', 'Sent on')])
    register('lado-false-malicious', 'False or malicious allegation', [
        select('actionConsidered', 'Action considered', [('POLICE_ADVICE', 'Police advice sought'),
                                                         ('SCHOOL_ACTION', 'Action by the setting'),
                                                         ('NO_ACTION', 'No action')]),
        rationale()])
    register('lado-closure', 'Close the case', [
        check('lessonsLearned', 'Lessons learned identified'),
        date('closedOn', 'Closed on'),
        textarea('record.lessons', 'Lessons learned (kept in the case record)', required=False)])
