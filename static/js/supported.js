// Marks the page as able to run govuk-frontend before anything renders (kept out of line for the CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
