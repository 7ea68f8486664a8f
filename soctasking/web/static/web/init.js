// Starts GOV.UK Frontend's components. Kept out of the page so a strict
// Content Security Policy can refuse every inline script.
import { initAll } from "../govuk/govuk-frontend.min.js";

// GOV.UK Frontend styles and initialises components only once the body says
// JavaScript and ES modules work; a module script running proves both.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
