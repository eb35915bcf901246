// Loaded at the start of <body>, before it is drawn: GOV.UK Frontend's styles for pages with JavaScript.
// A file, not an inline script, so every page is the same for every visitor (core.pages) and the
// Content Security Policy needs no per-response nonce.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
