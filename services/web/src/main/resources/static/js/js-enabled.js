// GOV.UK Frontend styles some components differently when scripts run; an external file keeps the CSP strict.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
