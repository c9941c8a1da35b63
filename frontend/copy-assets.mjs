// Copies the GOV.UK Frontend files the app serves into ../static/vendor (committed).
import { cpSync, mkdirSync, rmSync } from "node:fs";

const src = "node_modules/govuk-frontend/dist/govuk";
const dest = "../static/vendor/govuk";
rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, `${dest}/govuk-frontend.min.js`);
// No fonts or images: GDS Transport and the crown icons are for GOV.UK services only.
cpSync("node_modules/govuk-frontend/package.json", `${dest}/VERSION-package.json`);
mkdirSync("../static/vendor/htmx", { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", "../static/vendor/htmx/htmx.min.js");
