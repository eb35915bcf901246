// GOV.UK Frontend's components (a module script, so only browsers it supports run it).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
